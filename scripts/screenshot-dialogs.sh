#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Takes docs/screenshots/new-disk-*.png (every page of the New Disk wizard), convert-*.png
# (every page of the Convert wizard), create-snapshot.png, rebase.png, commit.png, amend.png,
# resize.png, resize-shrink.png and check-report.png: runs the built dialog tests under Xvfb
# with the Fusion style and lets
# them save each page as they drive it. Builds nothing.
#
#   scripts/screenshot-dialogs.sh [BUILD_DIR]     (default build/ci)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}
command -v xvfb-run >/dev/null || { echo "screenshot-dialogs.sh: xvfb-run is missing (Debian package xvfb)" >&2; exit 1; }
out=$(pwd)/docs/screenshots
mkdir -p "$out"
work=$(mktemp -d /tmp/diskscope-dialogs.XXXXXX)
trap 'rm -rf "$work"' EXIT
for test in tst_new_disk_wizard:screenshots tst_convert_wizard:screenshots tst_snapshot_dialogs:createApplyDelete \
            tst_chain_dialogs:rebaseSafe tst_chain_dialogs:commitIntoBacking tst_chain_dialogs:amendRefcountsLazySize \
            tst_resize_check_dialogs:growQcow2WithPreallocation tst_resize_check_dialogs:shrinkQcow2BelowData \
            tst_resize_check_dialogs:checkAndRepairLeaks; do
    XDG_CONFIG_HOME="$work/config" LC_ALL=C.UTF-8 QT_QPA_PLATFORM=xcb DISKSCOPE_SCREENSHOT_DIR="$out" \
        xvfb-run -a -s '-screen 0 1400x900x24' "$build/tests/ui/${test%%:*}" -style Fusion "${test#*:}" >/dev/null
done
ls "$out"/new-disk-*.png "$out"/convert-*.png "$out"/create-snapshot.png "$out"/rebase.png "$out"/commit.png "$out"/amend.png \
   "$out"/resize.png "$out"/resize-shrink.png "$out"/check-report.png
