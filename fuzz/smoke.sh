#!/bin/sh
# A short libFuzzer run for CTest: smoke.sh FUZZER RUNS WORKDIR INPUT_DIR...
# RUNS executions with a fixed seed, so a run is the same on every machine (60 s at most).
# New inputs go to WORKDIR/corpus (the source tree is never written); the kept crashers and
# seeds given as INPUT_DIRs run first. Any crash, leak, timeout or broken invariant makes
# libFuzzer exit non-zero, and so the test fails.
set -eu
fuzzer=$1 runs=$2 work=$3
shift 3
here=$(dirname "$0")
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
dirs=""
for d in "$@"; do
  [ -d "$d" ] && dirs="$dirs $d"
done
# shellcheck disable=SC2086
exec "$fuzzer" -runs="${FUZZ_SMOKE_RUNS:-$runs}" -max_total_time=60 -seed=1 -max_len=262144 -timeout=10 \
  -rss_limit_mb=2048 -malloc_limit_mb=512 -dict="$here/qcow2.dict" -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" $dirs
