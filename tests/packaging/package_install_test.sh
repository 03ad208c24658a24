#!/usr/bin/env bash
# Builds the Debian package and the tarball, installs the package with dpkg, runs the installed
# programs, validates the desktop entry, the AppStream metadata and the MIME association, then
# removes the package. Needs root and the dependencies from scripts/install-deps.sh.
# usage: package_install_test.sh BUILD_DIR VERSION
set -euo pipefail
build=$1 version=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || fail "installing a package needs root"

# One dpkg user at a time: the release and sanitizer suites may run this test together.
exec 9>/tmp/diskscope-package-test.lock
flock 9

cmake --build "$build" --target package >"$build/package-test-cpack.log" 2>&1 \
  || { cat "$build/package-test-cpack.log"; fail "cpack"; }
deb=$(ls "$build"/diskscope_"$version"_*.deb)
tarball=$(ls "$build"/diskscope-"$version"-Linux.tar.gz)
# (Listings are read into variables first: grep -q closing a pipe early fails it under pipefail.)
listing=$(tar -tzf "$tarball")
grep -q '/usr/bin/diskscope-img$' <<<"$listing" || fail "the tarball has no usr/bin/diskscope-img"

# shlibdeps: the package depends on the Qt and codec libraries the programs link.
depends=$(dpkg-deb -f "$deb" Depends)
for library in libqt6widgets6 libqt6core6 libzstd1 libdeflate0 libc6; do
  grep -q "$library" <<<"$depends" || fail "Depends lacks $library: $depends"
done
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "package version is not $version"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for file in ./usr/bin/diskscope ./usr/bin/diskscope-img ./usr/share/applications/diskscope.desktop \
            ./usr/share/mime/packages/diskscope.xml ./usr/share/metainfo/io.github.diskscope.Diskscope.metainfo.xml \
            ./usr/share/man/man1/diskscope-img.1 ./usr/share/man/man1/diskscope.1 \
            ./usr/share/bash-completion/completions/diskscope-img \
            ./usr/share/icons/hicolor/scalable/apps/diskscope.svg; do
  grep -qx "$file" <<<"$contents" || fail "the package lacks $file"
done
for size in 16 22 24 32 48 64 128 256; do
  grep -qx "./usr/share/icons/hicolor/${size}x${size}/apps/diskscope.png" <<<"$contents" || fail "no ${size}px icon"
done

# A copy left by an earlier run (or installed by hand) is replaced; the machine ends without it.
dpkg -r diskscope >/dev/null 2>&1 || true
trap 'dpkg -r diskscope >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
work=$(mktemp -d)
dpkg -i "$deb" >/dev/null || fail "dpkg -i"

[[ $(/usr/bin/diskscope-img --version) == "diskscope-img version $version" ]] || fail "diskscope-img --version"
[[ $(QT_QPA_PLATFORM=offscreen /usr/bin/diskscope --version) == *"$version"* ]] || fail "diskscope --version"
desktop-file-validate /usr/share/applications/diskscope.desktop || fail "desktop-file-validate"
appstreamcli validate --no-net /usr/share/metainfo/io.github.diskscope.Diskscope.metainfo.xml >/dev/null \
  || fail "appstreamcli validate"
formatted=$(man -l /usr/share/man/man1/diskscope-img.1 2>/dev/null)
grep -q 'SYNOPSIS' <<<"$formatted" || fail "the man page does not format"

# The MIME database the package's trigger rebuilt knows qcow2 by its magic as well as its name.
/usr/bin/diskscope-img create -q -f qcow2 "$work/disk.qcow2" 1M
cp "$work/disk.qcow2" "$work/disk-without-extension"
truncate -s 1M "$work/disk.raw" "$work/disk.img"
content_type() { gio info -a standard::content-type "$1" | sed -n 's/^ *standard::content-type: //p'; }
[[ $(content_type "$work/disk.qcow2") == application/x-qemu-disk ]] || fail "disk.qcow2 is $(content_type "$work/disk.qcow2")"
[[ $(content_type "$work/disk-without-extension") == application/x-qemu-disk ]] || fail "qcow2 magic not recognised"
for raw in disk.raw disk.img; do
  [[ $(content_type "$work/$raw") == application/x-raw-disk-image ]] || fail "$raw is $(content_type "$work/$raw")"
done
grep -q 'application/x-qemu-disk=.*diskscope.desktop' /usr/share/applications/mimeinfo.cache \
  || fail "diskscope.desktop is not registered for qcow2 in mimeinfo.cache"

dpkg -r diskscope >/dev/null || fail "dpkg -r"
[[ ! -e /usr/bin/diskscope-img ]] || fail "dpkg -r left /usr/bin/diskscope-img"
[[ ! -e /usr/share/mime/packages/diskscope.xml ]] || fail "dpkg -r left the MIME package"
echo "package $deb: installed, checked and removed"
