#!/usr/bin/env bash
# Installs the Debian 12 packages Diskscope needs to build, run and test.
# Idempotent: apt-get skips what is already installed. Run as root.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config       # toolchain
  zlib1g-dev libzstd-dev libdeflate-dev libisal-dev  # codecs used by core/
  qt6-base-dev qt6-base-dev-tools libgl-dev          # Qt 6 Widgets, Concurrent, Test
  clang libclang-rt-14-dev                           # libFuzzer + sanitizer runtimes: the fuzz preset
  qemu-utils                                         # qemu-img, qemu-io: interop tests and benchmarks
  time                                               # /usr/bin/time: peak memory in the benchmarks
  xvfb xauth fonts-dejavu-core                       # the GUI under a virtual display
  desktop-file-utils appstream librsvg2-bin         # packaging tests: validators, PNG icons from the SVG
  shared-mime-info libglib2.0-bin man-db            # packaging tests: MIME database, gio, man -l
  qt6-tools-dev qt6-l10n-tools qt6-translations-l10n # qt_add_translations (lupdate, lrelease), Qt's own zh_CN
  fonts-noto-cjk                                     # Chinese text in the GUI and its screenshots
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
