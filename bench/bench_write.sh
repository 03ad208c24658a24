#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Times qemu-img bench against diskscope-img bench: qcow2 writes into fresh images, reads of an allocated one.
#
# Usage: bench_write.sh [--size 2G] [--runs 5] [--workdir DIR] [--diskscope PATH]
#                       [--qemu-img PATH] [--divide N] [--read-image QCOW2] [--only REGEX]
# See bench/README.md. Exit status is non-zero when a tool fails, or when Diskscope's image is not
# clean (qemu-img check) or differs from qemu-img's (qemu-img compare).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

size_arg=2G
runs=5
workdir="$repo/build/bench-write"
diskscope="$repo/build/release/app/cli/diskscope-img"
qemu_img=$(command -v qemu-img || true)
divide=1
read_image=
only=

die() { echo "bench_write: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) size_arg=${2:?}; shift 2 ;;
        --runs) runs=${2:?}; shift 2 ;;
        --workdir) workdir=${2:?}; shift 2 ;;
        --diskscope) diskscope=${2:?}; shift 2 ;;
        --qemu-img) qemu_img=${2:?}; shift 2 ;;
        --divide) divide=${2:?}; shift 2 ;;
        --read-image) read_image=${2:?}; shift 2 ;;
        --only) only=${2:?}; shift 2 ;;
        -h|--help) sed -n '3,8p' "$0"; exit 0 ;;
        *) die "unknown option $1" ;;
    esac
done

# Sizes take K/M/G suffixes (powers of 1024), as qemu-img does.
to_bytes() {
    local v=$1 n unit
    [[ $v =~ ^([0-9]+)([KkMmGg]?)$ ]] || die "bad size '$v'"
    n=${BASH_REMATCH[1]}; unit=${BASH_REMATCH[2]}
    case $unit in
        K|k) echo $((n << 10)) ;; M|m) echo $((n << 20)) ;; G|g) echo $((n << 30)) ;; *) echo "$n" ;;
    esac
}
size=$(to_bytes "$size_arg")
(( size >= 16 << 20 )) || die "--size must be at least 16M"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number"
[[ $divide =~ ^[1-9][0-9]*$ ]] || die "--divide must be a positive number"
[[ -n $qemu_img && -x $qemu_img ]] || die "qemu-img not found"
[[ -x $diskscope ]] || die "diskscope-img not found at $diskscope (build it, or pass --diskscope)"
# $EPOCHREALTIME (bash 5) times a command without forking a clock process around it.
[[ -n ${EPOCHREALTIME:-} ]] || die "bash 5 or later is needed"

# Absolute paths: the script works inside the work directory from here on.
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
diskscope=$(abs "$diskscope")
qemu_img=$(abs "$qemu_img")
[[ -z $read_image ]] || { [[ -f $read_image ]] || die "no such image: $read_image"; read_image=$(abs "$read_image"); }
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
cd "$workdir"

# ---- The read input: random data converted to qcow2 by qemu-img, so every cluster is allocated.
# Kept in the work directory and reused by later runs of the same size.
if [[ -z $read_image ]]; then
    read_image="$workdir/read-$size.qcow2"
    if [[ ! -f $read_image ]]; then
        echo "generating $read_image (random data, converted by qemu-img)"
        head -c "$size" /dev/urandom >read.raw
        "$qemu_img" convert -f raw -O qcow2 read.raw "$read_image.tmp"
        mv "$read_image.tmp" "$read_image"
        rm -f read.raw
    fi
fi

# Cases: name, read or write, qemu-img bench arguments (shared by both tools). qemu-img bench
# has no random mode: "strided" steps 1 MiB + 4 KiB, so with 64 KiB clusters every write of the
# first passes allocates a cluster, spread over the whole image. The counts are qemu's defaults
# (75000) and 2048 x 1 MiB (2 GiB), divided by --divide for smoke runs.
c4k=$((75000 / divide)); c1m=$((2048 / divide))
(( c4k > 0 && c1m > 0 )) || die "--divide leaves no requests"
# qemu-img bench writes byte 0 by default, which compare could not tell from an unwritten
# image; both tools write 0xa5 instead (neither looks at the bytes, so the work is the same).
pattern=--pattern=0xa5
cases=(
    "w4k-seq|write|-w $pattern -c $c4k -s 4k"
    "w4k-strided|write|-w $pattern -c $c4k -s 4k -S 1052672"
    "w1m-seq|write|-w $pattern -c $c1m -s 1M"
    "r4k-seq|read|-c $c4k -s 4k"
    "r4k-strided|read|-c $c4k -s 4k -S 1052672"
    "r1m-seq|read|-c $c1m -s 1M"
)

# Everything the timed runs read comes from the page cache.
cat "$read_image" "$diskscope" "$qemu_img" >/dev/null

declare -A wall done_in
# run_one TOOL KIND ARGS IMAGE: one timed run. A write run first gets a fresh image, created by
# qemu-img, synced so neither tool pays for the other's writeback.
run_one() {
    local tool=$1 kind=$2 args=$3 image=$4 bin out t0 t1 completed
    if [[ $kind == write ]]; then
        rm -f "$image"
        "$qemu_img" create -q -f qcow2 "$image" "$size"
    fi
    sync
    [[ $tool == qemu ]] && bin=$qemu_img || bin=$diskscope
    out="out.$tool.txt"
    t0=$EPOCHREALTIME
    # shellcheck disable=SC2086  # $args is split into words on purpose
    "$bin" bench -f qcow2 $args "$image" >"$out" || die "failed: $bin bench -f qcow2 $args $image"
    t1=$EPOCHREALTIME
    completed=$(sed -n 's/^Run completed in \([0-9.]*\) seconds\.$/\1/p' "$out")
    [[ -n $completed ]] || die "no 'Run completed' line from $bin: $(cat "$out")"
    wall[$tool]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }') "
    done_in[$tool]+="$completed "
}

# Medians of each tool, the ratio of the medians and the median of the per-run ratios (paired,
# as in performance-anchors.md §1), for whole-process time and for bench's own figure.
summarise() {
    local name=$1
    # The 1-minute load average when the case ends: other work on the machine shows up here.
    awk -v op="$name" -v load="$(cut -d' ' -f1 /proc/loadavg)" -v q="${wall[qemu]}" -v d="${wall[ds]}" -v rq="${done_in[qemu]}" -v rd="${done_in[ds]}" '
        function median(a, n,   i, j, t) {
            for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
            return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
        }
        function ratio(x, y) { return y > 0 ? x / y : 0 }
        BEGIN {
            n = split(q, qa, " "); split(d, da, " "); split(rq, rqa, " "); split(rd, rda, " ")
            for (i = 1; i <= n; i++) { r[i] = ratio(da[i], qa[i]); rr[i] = ratio(rda[i], rqa[i]) }
            mq = median(qa, n); md = median(da, n); mr = median(r, n)
            mrq = median(rqa, n); mrd = median(rda, n); mrr = median(rr, n)
            printf "%-12s %9.3f %9.3f %7.3f %7.3f   %9.3f %9.3f %7.3f %7.3f  %5s\n", op, mq, md, ratio(md, mq), mr, mrq, mrd, ratio(mrd, mrq), mrr, load
        }' >>summary.txt
}

: >summary.txt
failures=0
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "timing $runs runs per tool and case, alternating"
for entry in "${cases[@]}"; do
    IFS='|' read -r name kind args <<<"$entry"
    [[ -z $only || $name =~ $only ]] || continue
    wall=([qemu]="" [ds]=""); done_in=([qemu]="" [ds]="")
    echo "  $name: bench $args"
    for ((i = 0; i < runs; i++)); do
        # A B, then B A, ...: neither tool always goes first.
        if (( i % 2 == 0 )); then order=(qemu ds); else order=(ds qemu); fi
        for t in "${order[@]}"; do
            if [[ $kind == write ]]; then
                # Only the images of the other tool's last run and this one exist at a time.
                run_one "$t" write "$args" "w.$t.qcow2"
            else
                run_one "$t" read "$args" "$read_image"
            fi
        done
    done
    summarise "$name"
    if [[ $kind == write ]]; then
        # The last pair: Diskscope's image must be clean and hold what qemu-img's holds.
        if ! "$qemu_img" check -q -f qcow2 w.ds.qcow2; then
            echo "  $name: qemu-img check finds errors in $workdir/w.ds.qcow2" >&2; failures=$((failures + 1))
        elif ! "$qemu_img" compare -q -f qcow2 -F qcow2 w.qemu.qcow2 w.ds.qcow2; then
            echo "  $name: qemu-img compare finds the images different" >&2; failures=$((failures + 1))
        else
            echo "    check clean, compare equal"
        fi
        rm -f w.qemu.qcow2 w.ds.qcow2
    fi
done

echo
echo "image size $size, runs: $runs, read image: $read_image"
echo "qemu-img: $("$qemu_img" --version | head -n1)"
echo "diskscope-img: $diskscope"
echo "load average at start: $load_start, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "             ---- whole process, s (median) ----   ---- 'Run completed in', s (median) ----"
printf "%-12s %9s %9s %7s %7s   %9s %9s %7s %7s  %5s\n" case qemu-img diskscope "d/q" paired qemu-img diskscope "d/q" paired load
cat summary.txt
(( failures == 0 )) || die "$failures write case(s) failed verification"
