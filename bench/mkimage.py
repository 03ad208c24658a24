#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the mixed raw benchmark image of performance-anchors.md §4 and its "bin"/"text" sources.
#
#   mkimage.py sources --bin OUT --bin-size BYTES --text OUT --text-size BYTES
#   mkimage.py image --out FILE --size BYTES --bin BIN --text TEXT [--seed 42]
#
# Standard library only. The image mixes library binaries, text, random bytes, explicit zeros
# and holes in 4 KiB-aligned extents of 16 KiB to 4 MiB, drawn with a seeded generator so the
# same sources and size always give the same image.
import argparse
import bisect
import gzip
import os
import random
import sys
import zlib

MIB = 1 << 20
K4 = 4096


def _lib_files():
    d = "/usr/lib/x86_64-linux-gnu"
    names = sorted(n for n in os.listdir(d) if ".so" in n)
    out = []
    for n in names:
        p = os.path.join(d, n)
        # Skip symlinks: libfoo.so -> libfoo.so.1 -> libfoo.so.1.2 would repeat the same bytes.
        if os.path.isfile(p) and not os.path.islink(p):
            out.append((p, os.path.getsize(p), False))
    return out


def _gz_size(path):
    # ISIZE trailer: uncompressed length mod 2^32 (doc and man pages are far below that).
    try:
        with open(path, "rb") as f:
            f.seek(-4, os.SEEK_END)
            return int.from_bytes(f.read(4), "little")
    except OSError:
        return 0


# Files under /usr/share/doc that are not text (images, other compressors).
_NOT_TEXT = (".png", ".jpg", ".jpeg", ".gif", ".ico", ".pdf", ".svgz", ".bz2", ".xz", ".zst", ".zip", ".woff",
             ".woff2", ".ttf", ".otf", ".db", ".jar")


def _text_files():
    out = []
    for root in ("/usr/share/doc", "/usr/share/man"):
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for n in sorted(filenames):
                p = os.path.join(dirpath, n)
                if os.path.islink(p) or not os.path.isfile(p):
                    continue
                if n.endswith(".gz"):
                    out.append((p, _gz_size(p), True))
                elif root == "/usr/share/doc" and not n.lower().endswith(_NOT_TEXT):
                    # Plain files under /usr/share/doc (copyright, README, ...); man pages are all gzip.
                    out.append((p, os.path.getsize(p), False))
    return out


class _Concat:
    """A read-only view of many files (gzip ones decompressed) as one byte stream."""

    def __init__(self, files):
        self.files = [f for f in files if f[1] > 0]
        self.starts = []
        total = 0
        for _, size, _ in self.files:
            self.starts.append(total)
            total += size
        self.total = total
        self._cache = (None, b"")

    def _content(self, i):
        path, _, gz = self.files[i]
        if self._cache[0] == i:
            return self._cache[1]
        try:
            if gz:
                with gzip.open(path, "rb") as f:
                    data = f.read()
            else:
                with open(path, "rb") as f:
                    data = f.read()
        except (OSError, EOFError, zlib.error):
            data = b""  # a damaged file only shortens the stream locally
        self._cache = (i, data)
        return data

    def read(self, offset, length):
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        skip = offset - self.starts[i]
        parts, have = [], 0
        while have < length:
            data = self._content(i)[skip:]
            parts.append(data[: length - have])
            have += len(parts[-1])
            skip = 0
            i = (i + 1) % len(self.files)  # wrap around on small systems
        return b"".join(parts)


def _sample(files, target, out):
    """Writes `target` bytes: 1 MiB pieces spread evenly over the concatenation of `files`."""
    src = _Concat(files)
    if src.total == 0:
        sys.exit(f"mkimage: no source files for {out}")
    count = max(1, target // MIB)
    span = max(0, src.total - MIB)
    with open(out + ".tmp", "wb") as f:
        for i in range(count):
            off = span * i // (count - 1) if count > 1 else 0
            f.write(src.read(off, MIB))
    os.replace(out + ".tmp", out)


def cmd_sources(a):
    _sample(_lib_files(), a.bin_size, a.bin)
    _sample(_text_files(), a.text_size, a.text)


def cmd_image(a):
    size = a.size
    rng = random.Random(a.seed)
    sources = {"bin": open(a.bin, "rb"), "text": open(a.text, "rb")}
    lengths = {k: os.fstat(f.fileno()).st_size for k, f in sources.items()}
    # By bytes roughly: 34% binaries, 20% text, 16.5% random, 10% zeros, 19% holes (§4).
    kinds, weights = ("bin", "text", "random", "zero", "hole"), (35, 20, 15, 10, 20)
    tmp = a.out + ".tmp"
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o644)
    try:
        os.ftruncate(fd, size)
        pos = 0
        while pos < size:
            n = min(int(2 ** rng.uniform(14, 22)) // K4 * K4, size - pos)
            kind = rng.choices(kinds, weights)[0]
            data = None
            if kind in sources:
                if lengths[kind] <= n:
                    sys.exit(f"mkimage: {kind} source is smaller than one extent ({n} bytes)")
                f = sources[kind]
                f.seek(rng.randrange(0, lengths[kind] - n) // K4 * K4)
                data = f.read(n)
            elif kind == "random":
                data = rng.randbytes(n)
            elif kind == "zero":
                data = bytes(n)  # written explicitly: allocated zeros, unlike a hole
            if data is not None:
                os.pwrite(fd, data, pos)
            pos += n
    finally:
        os.close(fd)
    os.replace(tmp, a.out)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sources")
    s.add_argument("--bin", required=True)
    s.add_argument("--bin-size", type=int, required=True)
    s.add_argument("--text", required=True)
    s.add_argument("--text-size", type=int, required=True)
    s.set_defaults(func=cmd_sources)
    i = sub.add_parser("image")
    i.add_argument("--out", required=True)
    i.add_argument("--size", type=int, required=True)
    i.add_argument("--bin", required=True)
    i.add_argument("--text", required=True)
    i.add_argument("--seed", type=int, default=42)
    i.set_defaults(func=cmd_image)
    a = p.parse_args()
    a.func(a)


if __name__ == "__main__":
    main()
