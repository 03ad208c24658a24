#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Times qemu-img against diskscope-img on the mixed qcow2 image: convert -O raw and map --output=json.
#
# Usage: bench_convert_map.sh [--size 2G] [--runs 5] [--workdir DIR] [--diskscope PATH]
#                             [--qemu-img PATH] [--regenerate]
# See bench/README.md. Exit status is non-zero when a tool fails or the converted outputs differ.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

size_arg=2G
runs=5
workdir="$repo/build/bench"
diskscope="$repo/build/release/app/cli/diskscope-img"
qemu_img=$(command -v qemu-img || true)
regenerate=0

die() { echo "bench_convert_map: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) size_arg=${2:?}; shift 2 ;;
        --runs) runs=${2:?}; shift 2 ;;
        --workdir) workdir=${2:?}; shift 2 ;;
        --diskscope) diskscope=${2:?}; shift 2 ;;
        --qemu-img) qemu_img=${2:?}; shift 2 ;;
        --regenerate) regenerate=1; shift ;;
        -h|--help) sed -n '3,7p' "$0"; exit 0 ;;
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
[[ -n $qemu_img && -x $qemu_img ]] || die "qemu-img not found"
[[ -x $diskscope ]] || die "diskscope-img not found at $diskscope (build it, or pass --diskscope)"
command -v python3 >/dev/null || die "python3 not found"
# $EPOCHREALTIME (bash 5) times a command without forking a clock process around it.
[[ -n ${EPOCHREALTIME:-} ]] || die "bash 5 or later is needed"

# Absolute paths: the script works inside the work directory from here on.
diskscope=$(cd "$(dirname "$diskscope")" && pwd)/$(basename "$diskscope")
qemu_img=$(cd "$(dirname "$qemu_img")" && pwd)/$(basename "$qemu_img")
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
cd "$workdir"

# ---- Inputs, reused between invocations of the same size (delete the workdir to rebuild).
# Sources scale with the image: 104 MiB of binaries and 72 MiB of text for 2 GiB (§3), at least 8 MiB.
mib=$((1 << 20))
bin_size=$(( (104 * (size >> 20) / 2048) * mib )); (( bin_size >= 8 * mib )) || bin_size=$((8 * mib))
text_size=$(( (72 * (size >> 20) / 2048) * mib )); (( text_size >= 8 * mib )) || text_size=$((8 * mib))
bin="bin-$bin_size.all"; text="text-$text_size.all"
raw="src-$size.raw"; qcow2="src-$size.qcow2"

if (( regenerate )) || [[ ! -f $bin || ! -f $text ]]; then
    echo "sampling sources: $bin, $text"
    python3 "$here/mkimage.py" sources --bin "$bin" --bin-size "$bin_size" --text "$text" --text-size "$text_size"
fi
if (( regenerate )) || [[ ! -f $raw ]]; then
    echo "generating $raw ($size bytes, seed 42)"
    rm -f "$qcow2"
    python3 "$here/mkimage.py" image --out "$raw" --size "$size" --bin "$bin" --text "$text"
fi
if [[ ! -f $qcow2 ]]; then
    echo "converting to $qcow2 with qemu-img (the input of both tools)"
    "$qemu_img" convert -f raw -O qcow2 "$raw" "$qcow2.tmp"
    mv "$qcow2.tmp" "$qcow2"
fi

# Everything the timed runs read comes from the page cache.
cat "$qcow2" "$diskscope" "$qemu_img" >/dev/null

declare -A times
# run_timed KEY OUTFILE CMD...: one timed run; OUTFILE is deleted first (fresh file each run).
run_timed() {
    local key=$1 out=$2; shift 2
    rm -f "$out"
    sync
    local t0=$EPOCHREALTIME
    if [[ $key == map-* ]]; then
        "$@" >"$out" || die "failed: $*"
    else
        "$@" || die "failed: $*"
    fi
    local t1=$EPOCHREALTIME
    times[$key]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }') "
}

convert_qemu() { "$qemu_img" convert -f qcow2 -O raw "$qcow2" out.qemu.raw; }
convert_ds() { "$diskscope" convert -f qcow2 -O raw "$qcow2" out.diskscope.raw; }
map_qemu() { "$qemu_img" map --output=json "$qcow2"; }
map_ds() { "$diskscope" map --output=json "$qcow2"; }

echo "warm-up (untimed)"
convert_qemu; convert_ds; map_qemu >/dev/null; map_ds >/dev/null
rm -f out.qemu.raw out.diskscope.raw

echo "timing $runs runs per tool, alternating"
for ((i = 0; i < runs; i++)); do
    # A B A B ...; the order flips every run so neither tool always goes first.
    if (( i % 2 == 0 )); then order=(qemu ds); else order=(ds qemu); fi
    for t in "${order[@]}"; do
        if [[ $t == qemu ]]; then
            run_timed convert-qemu out.qemu.raw convert_qemu
        else
            run_timed convert-ds out.diskscope.raw convert_ds
        fi
        # Drop each output once timed (except after the last run, kept for cmp) so its
        # writeback does not land in the other tool's run.
        if (( i < runs - 1 )); then rm -f out.qemu.raw out.diskscope.raw; fi
    done
    for t in "${order[@]}"; do
        if [[ $t == qemu ]]; then
            run_timed map-qemu map.qemu.json map_qemu
        else
            run_timed map-ds map.diskscope.json map_ds
        fi
    done
done

identical=yes
cmp -s out.qemu.raw out.diskscope.raw || identical=no
map_same=yes
cmp -s map.qemu.json map.diskscope.json || map_same=no

# Medians of each tool and the median of the per-run ratios (paired, as in performance-anchors.md §1).
summarise() {
    local key=$1 label=$2
    awk -v op="$label" -v q="${times[$key-qemu]}" -v d="${times[$key-ds]}" '
        function median(a, n,   i, j, t) {
            for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
            return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
        }
        BEGIN {
            n = split(q, qa, " "); split(d, da, " ")
            for (i = 1; i <= n; i++) r[i] = da[i] / qa[i]
            mq = median(qa, n); md = median(da, n); mr = median(r, n)
            printf "%-32s %12.4f %12.4f %10.3f %12.3f\n", op, mq, md, md / mq, mr
        }'
}

echo
echo "image: $qcow2 ($(stat -c %s "$qcow2") bytes, virtual $size), runs: $runs"
echo "qemu-img: $("$qemu_img" --version | head -n1)"
echo "diskscope-img: $diskscope"
printf "%-32s %12s %12s %10s %12s\n" "operation (median seconds)" "qemu-img" "diskscope" "ratio d/q" "paired ratio"
summarise convert "convert -f qcow2 -O raw"
summarise map "map --output=json"
echo "converted outputs byte-identical (cmp): $identical"
echo "map JSON outputs identical: $map_same"

[[ $identical == yes ]] || die "converted outputs differ: $workdir/out.qemu.raw vs $workdir/out.diskscope.raw"
