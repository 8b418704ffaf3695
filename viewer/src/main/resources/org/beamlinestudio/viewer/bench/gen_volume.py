"""Writes a synthetic chunked uint16 volume for `studio bench viewer --generate DIR`.

usage: gen_volume.py OUT.h5 Z Y X CHUNK_Z CHUNK_Y CHUNK_X
A sphere whose grey level and radius change with z over a ramp, plus a fixed noise pattern, so
every slice differs and coarse levels are not constant. Written slab by slab (one chunk row of z at
a time) so memory stays near one slab.
"""
import sys
import time

import h5py
import numpy as np

out, z, y, x, cz, cy, cx = sys.argv[1], *map(int, sys.argv[2:8])
t0 = time.time()
yy, xx = np.mgrid[0:y, 0:x].astype(np.float32)
r2 = ((yy - y / 2) ** 2 + (xx - x / 2) ** 2) / (min(y, x) / 2) ** 2
ramp = (xx * (2000.0 / x) + yy * (1000.0 / y)).astype(np.float32)
noise = np.random.default_rng(1).integers(0, 500, size=(y, x), dtype=np.uint16)
with h5py.File(out, "w") as f:
    d = f.create_dataset("/exchange/data", shape=(z, y, x), dtype="<u2", chunks=(cz, cy, cx))
    for z0 in range(0, z, cz):
        n = min(cz, z - z0)
        slab = np.empty((n, y, x), dtype=np.uint16)
        for i in range(n):
            zi = (z0 + i) / z
            radius2 = 0.2 + 0.7 * np.sin(np.pi * zi) ** 2
            inside = r2 < radius2
            img = ramp + np.where(inside, 20000.0 + 10000.0 * zi, 5000.0)
            slab[i] = img.astype(np.uint16) + noise
        d[z0:z0 + n] = slab
        print(f"# slab {z0 + n}/{z} {time.time() - t0:.1f}s", file=sys.stderr, flush=True)
print(f"# wrote {out} in {time.time() - t0:.1f}s", file=sys.stderr)
