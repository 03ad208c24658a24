#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Takes docs/screenshots/main-window.png (and empty-window.png): runs the built diskscope under Xvfb on demo images
# (or the images given) and lets it grab its own window with --screenshot. Builds nothing.
#
#   scripts/screenshot.sh [BINARY] [IMAGE...]
#   scripts/screenshot.sh --map [BINARY] [IMAGE [GUEST_OFFSET]]
#   scripts/screenshot.sh --zh-CN [BINARY] [IMAGE...]
#
# --zh-CN takes only docs/screenshots/main-window-zh_CN.png: the main window under a Simplified
# Chinese locale (the CJK glyphs come from fonts-noto-cjk).
#
# --map takes docs/screenshots/guest-map.png, host-layout.png, host-layout-table.png,
# refcounts.png and chain-graph.png instead: the guest allocation map of IMAGE (by default a
# demo chain with data, zero, compressed and partly allocated clusters over two backing layers,
# two internal snapshots and one leaked cluster), with the L2 table holding GUEST_OFFSET listed
# beside it; what each cluster of IMAGE's file holds (and one L2 table's entries listed from
# it); the refcount histogram and blocks; and the backing chain with each layer's share.
#
# BINARY defaults to build/release/app/gui/diskscope. Without IMAGE arguments a demo set is
# made with qemu-img/qemu-io: a qcow2 overlay (lazy refcounts, one leaked cluster, two internal
# snapshots, a bitmap) on a backing file, next to a raw image; the window checks the overlay
# before the picture, so the chain, the findings and the job panel all show.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${1:-} == --map ]]; then
    shift
    binary=${1:-build/release/app/gui/diskscope}
    [[ $# -gt 0 ]] && shift
    [[ -x $binary ]] || { echo "screenshot.sh: $binary is not built" >&2; exit 1; }
    command -v xvfb-run >/dev/null || { echo "screenshot.sh: xvfb-run is missing (Debian package xvfb)" >&2; exit 1; }
    work=$(mktemp -d /tmp/diskscope-shot.XXXXXX)
    demo=/tmp/diskscope-map-demo
    trap 'rm -rf "$work" "$demo"' EXIT
    image=${1:-}
    offset=${2:-}
    if [[ -z $image ]]; then
        rm -rf "$demo"
        mkdir -p "$demo/images"
        (
            cd "$demo/images"
            # An installed system at the bottom, a golden image over it, a server on top.
            qemu-img create -q -f qcow2 debian-12-base.qcow2 4G
            args=(-c 'write -P 1 0 900M' -c 'write -P 2 1536M 200M' -c 'write -P 3 3968M 128M')
            RANDOM=7
            for _ in $(seq 60); do args+=(-c "write -P 4 $(( 2048 + RANDOM % 1800 ))M 2M"); done
            qemu-io -f qcow2 "${args[@]}" debian-12-base.qcow2 >/dev/null
            qemu-img create -q -f qcow2 -b debian-12-base.qcow2 -F qcow2 golden.qcow2
            qemu-io -f qcow2 -c 'write -P 5 200M 300M' -c 'write -P 6 1800M 150M' golden.qcow2 >/dev/null
            qemu-img create -q -f qcow2 -o extended_l2=on -b golden.qcow2 -F qcow2 web-server.qcow2
            args=(-c 'write -P 7 20M 120M' -c 'write -z 600M 120M' -c 'write -c -P 8 2600M 96M'
                  -c 'write -P 9 3200M 256M')
            for _ in $(seq 120); do args+=(-c "write -P 10 $(( 1000 + RANDOM % 500 ))M 4k"); done
            qemu-io -f qcow2 "${args[@]}" web-server.qcow2 >/dev/null
            qemu-img snapshot -c before-upgrade web-server.qcow2
            qemu-io -f qcow2 -c 'write -P 11 3300M 64M' web-server.qcow2 >/dev/null
            qemu-img snapshot -c after-upgrade web-server.qcow2
            qemu-io -f qcow2 -c 'write -P 12 3400M 8M' web-server.qcow2 >/dev/null
            # One leaked cluster, as an interrupted writer leaves it: the extended L2 entry of
            # guest 3400M (L1 index 13, entry 1152) is cleared, its data cluster keeps refcount 1.
            python3 - web-server.qcow2 <<'PY'
import struct, sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(40); l1 = struct.unpack('>Q', f.read(8))[0]
    f.seek(l1 + 13 * 8); l2 = struct.unpack('>Q', f.read(8))[0] & 0x00fffffffffffe00
    f.seek(l2 + 1152 * 16); f.write(bytes(16))
PY
        )
        image=$demo/images/web-server.qcow2
        offset=${offset:-$(( 2600 * 1024 * 1024 ))}
    fi
    out=docs/screenshots/guest-map.png
    table=()
    [[ -n $offset ]] && table=(--map-table "$offset")
    XDG_CONFIG_HOME="$work/config" LC_ALL=C.UTF-8 \
        xvfb-run -a -s '-screen 0 1400x900x24' "$binary" --screenshot "$out" --show-map "${table[@]}" "$image"
    echo "wrote $out"
    XDG_CONFIG_HOME="$work/config" LC_ALL=C.UTF-8 \
        xvfb-run -a -s '-screen 0 1400x900x24' "$binary" --screenshot docs/screenshots/host-layout.png \
        --show-host-layout "$image"
    echo "wrote docs/screenshots/host-layout.png"
    XDG_CONFIG_HOME="$work/config" LC_ALL=C.UTF-8 \
        xvfb-run -a -s '-screen 0 1400x900x24' "$binary" --screenshot docs/screenshots/host-layout-table.png \
        --show-host-layout --host-table 12 "$image"
    echo "wrote docs/screenshots/host-layout-table.png"
    XDG_CONFIG_HOME="$work/config" LC_ALL=C.UTF-8 \
        xvfb-run -a -s '-screen 0 1400x900x24' "$binary" --screenshot docs/screenshots/refcounts.png \
        --show-refcounts "$image"
    echo "wrote docs/screenshots/refcounts.png"
    XDG_CONFIG_HOME="$work/config" LC_ALL=C.UTF-8 \
        xvfb-run -a -s '-screen 0 1400x900x24' "$binary" --screenshot docs/screenshots/chain-graph.png \
        --show-chain "$image"
    echo "wrote docs/screenshots/chain-graph.png"
    exit 0
fi

locale=C.UTF-8
language=
out=docs/screenshots/main-window.png
if [[ ${1:-} == --zh-CN ]]; then
    shift
    locale=zh_CN.UTF-8
    language=zh_CN
    out=docs/screenshots/main-window-zh_CN.png
fi
binary=${1:-build/release/app/gui/diskscope}
[[ $# -gt 0 ]] && shift

if [[ ! -x $binary ]]; then
    echo "screenshot.sh: $binary is not built (cmake --build build/release --target diskscope)" >&2
    exit 1
fi
command -v xvfb-run >/dev/null || { echo "screenshot.sh: xvfb-run is missing (Debian package xvfb)" >&2; exit 1; }

work=$(mktemp -d /tmp/diskscope-shot.XXXXXX)
# The demo images live at a fixed path so the paths in the picture do not change between runs.
demo=/tmp/diskscope-demo
trap 'rm -rf "$work" "$demo"' EXIT

images=("$@")
if [[ ${#images[@]} -eq 0 ]]; then
    command -v qemu-img >/dev/null || { echo "screenshot.sh: qemu-img is needed for the demo images" >&2; exit 1; }
    rm -rf "$demo"
    mkdir -p "$demo/images"
    (
        cd "$demo/images"
        qemu-img create -q -f qcow2 debian-12-base.qcow2 20G
        qemu-io -f qcow2 -c 'write -P 0x11 0 96M' -c 'write -P 0x22 1G 32M' debian-12-base.qcow2 >/dev/null
        # A relative backing name, as virt-manager and cloud images store it; lazy refcounts
        # so the health list shows a note.
        qemu-img create -q -f qcow2 -o lazy_refcounts=on -b debian-12-base.qcow2 -F qcow2 web-server.qcow2
        qemu-io -f qcow2 -c 'write -P 0x33 0 48M' web-server.qcow2 >/dev/null
        # One leaked cluster, as an interrupted writer leaves it: the first L2 entry is cleared,
        # so its data cluster keeps a refcount nobody refers to (the check finds it).
        python3 - web-server.qcow2 <<'PY'
import struct, sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(40); l1 = struct.unpack('>Q', f.read(8))[0]
    f.seek(l1); l2 = struct.unpack('>Q', f.read(8))[0] & 0x00fffffffffffe00
    f.seek(l2); f.write(bytes(8))
PY
        qemu-img snapshot -c fresh-install web-server.qcow2
        qemu-io -f qcow2 -c 'write -P 0x44 64M 24M' web-server.qcow2 >/dev/null
        qemu-img snapshot -c before-upgrade web-server.qcow2
        qemu-img bitmap --add web-server.qcow2 backup-daily
        qemu-img create -q -f raw scratch.img 4G
    )
    images=("$demo/images/scratch.img" "$demo/images/web-server.qcow2")
fi

mkdir -p "$(dirname "$out")"
# A private settings directory: the picture must not depend on (or change) the user's
# recent files and saved window geometry.
XDG_CONFIG_HOME="$work/config" LC_ALL=$locale LANG=$locale LANGUAGE=$language \
    xvfb-run -a -s '-screen 0 1920x1080x24' "$binary" --screenshot "$out" --screenshot-check "${images[@]}"
echo "wrote $out"
[[ -z $language ]] || exit 0
# The first thing a new user sees: the empty window with its hint.
XDG_CONFIG_HOME="$work/config-empty" LC_ALL=C.UTF-8 \
    xvfb-run -a -s '-screen 0 1280x800x24' "$binary" --screenshot docs/screenshots/empty-window.png
echo "wrote docs/screenshots/empty-window.png"
