#!/usr/bin/python3
"""Writes a large chunked float32 volume for measuring how the app opens and browses big files.

    scripts/bench/make-chunked-volume.py OUT.h5 [--gib 4.2] [--size 1024] [--deflate]

The volume is (n, size, size) float32 in Data Exchange layout (/exchange/data), one chunk per
slice, each slice a smooth pattern that changes with its index (so a wrong slice shows). Needs
Debian's python3-h5py and python3-numpy (installed by scripts/setup-test-deps.sh).
"""
import argparse
import sys

import h5py
import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--gib", type=float, default=4.2, help="size of the data in GiB (default 4.2)")
    ap.add_argument("--size", type=int, default=1024, help="slice edge in pixels (default 1024)")
    ap.add_argument("--deflate", action="store_true", help="gzip level 1 + shuffle (slower to write)")
    a = ap.parse_args()
    n = max(1, int(a.gib * 2**30 / (4 * a.size * a.size)))
    y, x = np.mgrid[0:a.size, 0:a.size].astype(np.float32) / a.size
    filters = dict(compression="gzip", compression_opts=1, shuffle=True) if a.deflate else {}
    with h5py.File(a.out, "w") as f:
        f["implements"] = "exchange"
        d = f.create_dataset("exchange/data", shape=(n, a.size, a.size), dtype="f4",
                             chunks=(1, a.size, a.size), **filters)
        for i in range(n):
            d[i] = np.sin(2 * np.pi * (3 * x + i / n)) * np.cos(2 * np.pi * 2 * y) + i
            if i % 64 == 0:
                print(f"{i}/{n}", file=sys.stderr, end="\r")
    print(f"{a.out}: {n}×{a.size}×{a.size} float32 = {n * a.size * a.size * 4 / 2**30:.2f} GiB")


if __name__ == "__main__":
    main()
