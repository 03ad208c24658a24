#!/usr/bin/env bash
# Installs what Diskscope needs, builds it with warnings as errors and runs the whole
# test suite through CTest (unit, interop against qemu-img/qemu-io, malformed images, GUI),
# then again built with AddressSanitizer and UndefinedBehaviorSanitizer, then builds the
# libFuzzer targets with clang and gives each a short smoke run (fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset ci >/dev/null
cmake --build build/ci --parallel "$(nproc)"
ctest --test-dir build/ci --output-on-failure --parallel "$(nproc)" "$@"

cmake --preset asan >/dev/null
cmake --build build/asan --parallel "$(nproc)"
ctest --preset asan --parallel "$(nproc)" "$@"

cmake --preset fuzz >/dev/null
cmake --build build/fuzz --parallel "$(nproc)"
ctest --preset fuzz --parallel "$(nproc)" "$@"
