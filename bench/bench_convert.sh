#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Times qemu-img against diskscope-img, alternating, on the mixed image: every convert direction,
# compressed converts (zlib against qemu-img's default and its -W -m 16, zstd) and map.
#
# Usage: bench_convert.sh [--size 2G] [--runs 5] [--compressed-runs 3] [--only REGEX]
#                         [--max-size-excess PCT] [--workdir DIR] [--diskscope PATH]
#                         [--qemu-img PATH] [--regenerate]
# See bench/README.md. Exit status is non-zero when a tool fails, when outputs disagree (raw
# outputs byte for byte, qcow2 outputs by qemu-img compare and a clean qemu-img check), or when a
# compressed image is larger than qemu-img's by more than --max-size-excess percent (default 2).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

size_arg=2G
runs=5
compressed_runs=3
only=.
max_size_excess=2
workdir="$repo/build/bench"
diskscope="$repo/build/release/app/cli/diskscope-img"
qemu_img=$(command -v qemu-img || true)
regenerate=0

die() { echo "bench_convert: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) size_arg=${2:?}; shift 2 ;;
        --runs) runs=${2:?}; shift 2 ;;
        --compressed-runs) compressed_runs=${2:?}; shift 2 ;;
        --only) only=${2:?}; shift 2 ;;
        --max-size-excess) max_size_excess=${2:?}; shift 2 ;;
        --workdir) workdir=${2:?}; shift 2 ;;
        --diskscope) diskscope=${2:?}; shift 2 ;;
        --qemu-img) qemu_img=${2:?}; shift 2 ;;
        --regenerate) regenerate=1; shift ;;
        -h|--help) sed -n '3,11p' "$0"; exit 0 ;;
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
[[ $runs =~ ^[1-9][0-9]*$ && $compressed_runs =~ ^[1-9][0-9]*$ ]] || die "run counts must be positive numbers"
[[ -n $qemu_img && -x $qemu_img ]] || die "qemu-img not found"
[[ -x $diskscope ]] || die "diskscope-img not found at $diskscope (build it, or pass --diskscope)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (Debian package 'time'), needed for peak memory"
command -v python3 >/dev/null || die "python3 not found"

abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
diskscope=$(abs "$diskscope")
qemu_img=$(abs "$qemu_img")
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
cd "$workdir"

# ---- Inputs, reused between invocations of the same size (delete the workdir to rebuild).
# Sources scale with the image: 104 MiB of binaries and 72 MiB of text for 2 GiB, at least 8 MiB.
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
    echo "converting to $qcow2 with qemu-img (an input of both tools)"
    "$qemu_img" convert -f raw -O qcow2 "$raw" "$qcow2.tmp"
    mv "$qcow2.tmp" "$qcow2"
fi

# ---- Operations: name | runs | output format (raw, qcow2, json) | qemu-img args | diskscope-img args.
# The output file name is appended to convert arguments.
ops=(
    "convert qcow2 -> raw|$runs|raw|convert -f qcow2 -O raw $qcow2|convert -f qcow2 -O raw $qcow2"
    "convert raw -> qcow2|$runs|qcow2|convert -f raw -O qcow2 $raw|convert -f raw -O qcow2 $raw"
    "convert qcow2 -> qcow2|$runs|qcow2|convert -f qcow2 -O qcow2 $qcow2|convert -f qcow2 -O qcow2 $qcow2"
    "convert -c zlib (qemu default)|$compressed_runs|qcow2c|convert -c -f raw -O qcow2 $raw|convert -c -f raw -O qcow2 $raw"
    "convert -c zlib (qemu -W -m 16)|$compressed_runs|qcow2c|convert -c -W -m 16 -f raw -O qcow2 $raw|convert -c -f raw -O qcow2 $raw"
    "convert -c zstd|$compressed_runs|qcow2c|convert -c -o compression_type=zstd -f raw -O qcow2 $raw|convert -c -o compression_type=zstd -f raw -O qcow2 $raw"
    "map --output=json|$runs|json|map --output=json $qcow2|map --output=json $qcow2"
)

# Everything the timed runs read comes from the page cache.
cat "$raw" "$qcow2" "$diskscope" "$qemu_img" >/dev/null

declare -A times rss
# run_timed TOOL OPKEY FORMAT ARGS: one timed run writing out.TOOL (deleted first: a fresh file
# each run), with wall time from $EPOCHREALTIME and peak RSS from /usr/bin/time.
run_timed() {
    local tool=$1 key=$2 format=$3 args=$4 bin out t0 t1
    [[ $tool == qemu ]] && bin=$qemu_img || bin=$diskscope
    out="out.$tool"
    rm -f "$out"
    sync
    t0=$EPOCHREALTIME
    if [[ $format == json ]]; then
        # shellcheck disable=SC2086  # $args is split into words on purpose
        /usr/bin/time -f %M -o "rss.$tool" "$bin" $args >"$out" || die "failed: $bin $args"
    else
        # shellcheck disable=SC2086
        /usr/bin/time -f %M -o "rss.$tool" "$bin" $args "$out" || die "failed: $bin $args $out"
    fi
    t1=$EPOCHREALTIME
    times[$key-$tool]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }') "
    rss[$key-$tool]=$(( $(tail -n1 "rss.$tool") > ${rss[$key-$tool]:-0} ? $(tail -n1 "rss.$tool") : ${rss[$key-$tool]:-0} ))
}

# The outputs of the last run of each tool must agree.
verify() {
    local name=$1 format=$2
    case $format in
        raw) cmp -s out.qemu out.ds || die "$name: raw outputs differ" ;;
        json) ;;  # the interop tests compare map output properly, parsed
        qcow2|qcow2c)
            "$qemu_img" compare -q -f qcow2 -F qcow2 out.qemu out.ds || die "$name: guest content differs"
            "$qemu_img" check -q -f qcow2 out.ds || die "$name: qemu-img check finds errors or leaks"
            ;;
    esac
    if [[ $format == qcow2c ]]; then
        local q d
        q=$(stat -c %s out.qemu); d=$(stat -c %s out.ds)
        sizes[$name]="$q $d"
        awk -v q="$q" -v d="$d" -v m="$max_size_excess" 'BEGIN { exit !(d <= q * (1 + m / 100)) }' ||
            die "$name: $d bytes, more than $max_size_excess % above qemu-img's $q"
    fi
}

# Medians of each tool and the median of the per-run ratios (each run paired with the
# neighbouring run of the other tool).
summarise() {
    local name=$1 key=$2
    awk -v op="$name" -v q="${times[$key-qemu]}" -v d="${times[$key-ds]}" \
        -v rq="${rss[$key-qemu]}" -v rd="${rss[$key-ds]}" '
        function median(a, n,   i, j, t) {
            for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
            return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
        }
        BEGIN {
            n = split(q, qa, " "); split(d, da, " ")
            for (i = 1; i <= n; i++) r[i] = da[i] / qa[i]
            mq = median(qa, n); md = median(da, n); mr = median(r, n)
            printf "%-34s %10.3f %10.3f %9.3f %9.3f %9d %9d\n", op, mq, md, md / mq, mr, rq / 1024, rd / 1024
        }'
}

declare -A sizes
results=()
index=0
for op in "${ops[@]}"; do
    IFS='|' read -r name n format qargs dargs <<<"$op"
    [[ $name =~ $only ]] || continue
    key=op$index; index=$((index + 1))
    echo "$name: warm-up, then $n runs per tool, alternating"
    run_timed qemu warm "$format" "$qargs"; run_timed ds warm "$format" "$dargs"
    for ((i = 0; i < n; i++)); do
        # A B A B ...; the order flips every run so neither tool always goes first.
        if (( i % 2 == 0 )); then order=(qemu ds); else order=(ds qemu); fi
        for t in "${order[@]}"; do
            if [[ $t == qemu ]]; then run_timed qemu "$key" "$format" "$qargs"; else run_timed ds "$key" "$format" "$dargs"; fi
            # Drop each output once timed (but keep the last pair for verification), so its
            # writeback does not land in the other tool's run.
            (( i == n - 1 )) || rm -f "out.$t"
        done
    done
    verify "$name" "$format"
    results+=("$name|$key")
    rm -f out.qemu out.ds
done

echo
echo "image: $raw / $qcow2 (virtual $size bytes), $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "qemu-img: $("$qemu_img" --version | head -n1)"
echo "diskscope-img: $diskscope"
printf "%-34s %10s %10s %9s %9s %9s %9s\n" "operation (median seconds)" "qemu-img" "diskscope" "ratio" "paired" \
    "MiB qemu" "MiB ds"
for r in "${results[@]}"; do
    IFS='|' read -r name key <<<"$r"
    summarise "$name" "$key"
done
for name in "${!sizes[@]}"; do
    read -r q d <<<"${sizes[$name]}"
    awk -v n="$name" -v q="$q" -v d="$d" 'BEGIN { printf "output size, %s: qemu-img %d, diskscope %d (%+.2f %%)\n", n, q, d, (d / q - 1) * 100 }'
done
