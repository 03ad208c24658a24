#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest map benchmark: a sparse 1 TiB qcow2 image (64 KiB clusters, 16.8 M clusters) with
# scattered allocations made by qemu-io, then diskscope-bench-guest-map on it (time to first map, time
# to the refined map, paint time per frame at several zooms). Not a test; see docs/benchmarks.md.
#
#   bench/bench_guest_map.sh [BENCH_BINARY] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/release/bench/gui/diskscope-bench-guest-map}
work=${2:-build/bench-map}
[[ -x $binary ]] || { echo "bench_guest_map.sh: $binary is not built" >&2; exit 1; }
mkdir -p "$work"
image=$work/sparse-1t.qcow2
if [[ ! -f $image ]]; then
    qemu-img create -q -f qcow2 "$image" 1T
    # 3000 single clusters scattered over the whole disk (most L2 tables get allocated, the
    # worst case for refinement), plus a few larger runs and compressed and zeroed ranges.
    args=()
    RANDOM=42
    for _ in $(seq 3000); do
        cluster=$(( (RANDOM * 32768 + RANDOM) % 16777216 ))
        args+=(-c "write -P 0x5a $((cluster * 65536)) 64k")
    done
    args+=(-c "write -P 1 0 256M" -c "write -P 2 300G 128M" -c "write -c -P 3 700G 32M" -c "write -z 900G 64M")
    qemu-io -f qcow2 "${args[@]}" "$image" >/dev/null
fi
ls -l "$image"
# Page cache warm (as after opening the image once); the figures are CPU and cache costs.
cat "$image" >/dev/null
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$binary" "$image"
