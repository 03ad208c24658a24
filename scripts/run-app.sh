#!/usr/bin/env bash
# Installs what Diskscope needs, builds it (Release) and starts the desktop application.
# Extra arguments are passed to diskscope (image files to open).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build build/release --parallel "$(nproc)"
exec ./build/release/app/gui/diskscope "$@"
