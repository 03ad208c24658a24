#!/usr/bin/env bash
# Regenerates the seed corpus in fuzz/corpus/<target>/ with qemu-img and qemu-io:
#   bash fuzz/make_corpus.sh
# Small images (512-byte to 16 KiB clusters, 64 KiB to 4 MiB virtual) over qemu-img's options:
# compat 0.10 and 1.1, every refcount width, extended L2, zlib and zstd compressed clusters,
# zero writes, discards, metadata preallocation, snapshots, bitmaps, lazy refcounts left dirty
# by a kill, external data files, backing files; 2- and 3-deep chains for fuzz_chain; and
# short write programs for fuzz_write_program.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"/{open_info,read_map,check,write_program,chain}
cd "$work"

qi() { qemu-img "$@" >/dev/null; }
qio() { local f=$1; shift; local args=(); for c in "$@"; do args+=(-c "$c"); done; qemu-io -f qcow2 "${args[@]}" "$f" >/dev/null; }
# Writes a little of everything into image $1 (a qcow2 with cluster size $2).
fill() {
  local f=$1 cs=$2
  qio "$f" "write -P 0x11 0 $cs" "write -P 0x22 $((cs * 3 + 100)) 700" "write -z $((cs * 5)) $((cs * 2))" \
      "write -P 0x33 $((cs * 8)) $cs" "discard $((cs * 8)) $cs"
}
keep() {  # keep FILE NAME: one seed for the three single-image targets
  for t in open_info read_map check; do cp "$1" "$out/$t/$2"; done
}

for cs in 512 1024 4096; do
  for compat in 0.10 1.1; do
    qi create -f qcow2 -o cluster_size=$cs,compat=$compat plain.qcow2 64K
    fill plain.qcow2 $cs
    keep plain.qcow2 "plain-c$cs-v$compat.qcow2"
  done
done
for bits in 1 2 4 8 16 32 64; do
  qi create -f qcow2 -o cluster_size=512,refcount_bits=$bits rc.qcow2 64K
  fill rc.qcow2 512
  keep rc.qcow2 "refcount$bits.qcow2"
done
qi create -f qcow2 -o cluster_size=16k,extended_l2=on ext.qcow2 256K
qio ext.qcow2 "write -P 0x44 0 2k" "write -P 0x55 9k 3k" "write -z 20k 4k" "write -z 32k 16k" "discard 64k 16k"
keep ext.qcow2 extended-l2.qcow2
for ct in zlib zstd; do
  qi create -f qcow2 -o cluster_size=512,compression_type=$ct comp.qcow2 64K
  qio comp.qcow2 "write -c -P 0x66 0 512" "write -c -P 0x67 1024 1024" "write -P 0x68 4096 512"
  keep comp.qcow2 "compressed-$ct.qcow2"
done
qi create -f qcow2 -o cluster_size=512,preallocation=metadata prealloc.qcow2 32K
keep prealloc.qcow2 prealloc-metadata.qcow2
qi create -f qcow2 -o cluster_size=512 snap.qcow2 64K
qio snap.qcow2 "write -P 0x71 0 2k"
qi snapshot -c first snap.qcow2
qio snap.qcow2 "write -P 0x72 1k 2k"
qi snapshot -c second snap.qcow2
qi resize snap.qcow2 96K
keep snap.qcow2 snapshots.qcow2
qi create -f qcow2 -o cluster_size=512 bitmap.qcow2 64K
qi bitmap --add bitmap.qcow2 b0
qi bitmap --add -g 4096 bitmap.qcow2 b1
qio bitmap.qcow2 "write -P 0x73 0 4k"
keep bitmap.qcow2 bitmaps.qcow2
qi create -f qcow2 -o cluster_size=512,lazy_refcounts=on lazy.qcow2 64K
qemu-io -f qcow2 -c "write -P 0x74 0 4k" -c "sigraise 9" lazy.qcow2 >/dev/null 2>&1 || true
keep lazy.qcow2 lazy-dirty.qcow2
qi create -f qcow2 -o cluster_size=512,data_file=data.raw datafile.qcow2 64K
qio datafile.qcow2 "write -P 0x75 0 4k"
keep datafile.qcow2 data-file.qcow2
qi create -f qcow2 -o cluster_size=512,data_file=data2.raw,data_file_raw=on datafileraw.qcow2 64K
keep datafileraw.qcow2 data-file-raw.qcow2
qi create -f qcow2 -o cluster_size=512 -b base.qcow2 -F qcow2 -u backed.qcow2 64K
keep backed.qcow2 backed.qcow2
head -c 4096 /dev/zero | tr '\0' 'r' > raw.img
keep raw.img raw.img

# Chains: first byte 0 = two layers (top, base), 1 = three (top, mid, base); each layer as a
# 24-bit little-endian length and its bytes.
pack() {
  python3 - "$@" <<'PY'
import sys
out, layers = sys.argv[1], sys.argv[2:]
data = bytes([len(layers) - 2])
for name in layers:
    b = open(name, 'rb').read()
    data += len(b).to_bytes(3, 'little') + b
open(out, 'wb').write(data)
PY
}
chain2() {  # chain2 NAME BASEFMT [create options for top]
  local name=$1 basefmt=$2
  rm -f top.qcow2 base.qcow2
  if [ "$basefmt" = raw ]; then head -c 65536 /dev/zero | tr '\0' 'b' > base.qcow2
  else qi create -f qcow2 -o cluster_size=512 base.qcow2 64K; qio base.qcow2 "write -P 0x81 0 8k"; fi
  qi create -f qcow2 -o cluster_size=${3:-512} -b base.qcow2 -F "$basefmt" top.qcow2 96K
  qio top.qcow2 "write -P 0x82 1k 1k" "write -z 6k 1k" "discard 7k 512"
  pack "$out/chain/$name" top.qcow2 base.qcow2
}
chain2 two-qcow2 qcow2
chain2 two-raw raw
chain2 two-qcow2-4k qcow2 4096
rm -f top.qcow2 mid.qcow2 base.qcow2
qi create -f qcow2 -o cluster_size=512 base.qcow2 64K
qio base.qcow2 "write -P 0x91 0 16k"
qi create -f qcow2 -o cluster_size=512 -b base.qcow2 -F qcow2 mid.qcow2 64K
qio mid.qcow2 "write -P 0x92 4k 4k"
qi create -f qcow2 -o cluster_size=1024,compat=0.10 -b mid.qcow2 -F qcow2 top.qcow2 64K
qio top.qcow2 "write -P 0x93 6k 1k"
pack "$out/chain/three" top.qcow2 mid.qcow2 base.qcow2
# A loop: the base names the top.
qi create -f qcow2 -o cluster_size=512 -b top.qcow2 -F qcow2 -u base.qcow2 64K
qi create -f qcow2 -o cluster_size=512 -b base.qcow2 -F qcow2 -u top.qcow2 64K
pack "$out/chain/loop" top.qcow2 base.qcow2

# Write programs (see fuzz_write_program.cpp): 3 option bytes, a size byte, operations.
prog() { printf "$2" > "$out/write_program/$1"; }
prog writes-512 '\x00\x04\x00\x03\x00\x10\x02\x00\x00\x04\x40\x00\x00\x01\x20\x00\x00\x00\x10\x00\x01\x04'
prog snapshots '\x02\x04\x00\x07\x00\x00\x01\x00\x00\x00\x02\x05\x05\x00\x00\x10\x00\x00\x00\x30\x00\x07\x07\x00\x06\x00\x04'
prog compressed-zstd '\x00\x04\x04\x03\x03\x01\x00\x01\x03\x03\x00\x00\x03\x04\x09\x00\x00\x00\x00\x00\x02\x05'
prog extended-l2 '\x05\x04\x01\x07\x00\x00\x08\x00\x00\x00\x02\x06\x01\x00\x04\x00\x00\x00\x08\x00\x01\x02\x00\x10\x00\x00\x00\x20\x04'
prog resize-v2 '\x01\x84\x00\x03\x00\x00\x00\x00\x00\x00\x01\x09\x08\x00\x02\x00\x00\x00\x02\x00\x07\x09\x08\x40\x00'
prog lazy-reopen '\x03\x03\x02\x05\x00\x00\x02\x00\x00\x00\x05\x01\x09\x02\x00\x00\x00\x00\x00\x01\x00'
prog refcount1 '\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x01\x01\x05\x01'
du -sh "$out"
