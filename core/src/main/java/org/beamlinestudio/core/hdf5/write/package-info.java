/**
 * Pure-Java streaming HDF5 writer: datasets with shapes fixed up front, filled slab by slab in any
 * order, with memory bounded by the slab (contiguous) or by the incomplete chunks (chunked).
 *
 * <h2>Format choices</h2>
 * Superblock version 0, version-1 object headers, symbol-table groups (v1 B-tree type 0, local heap,
 * symbol table nodes), data layout message version 3 with a version-1 B-tree chunk index (type 1),
 * filter pipeline message version 1 (shuffle, deflate), attribute messages version 1, dataspace
 * version 1, fill value message version 2 (fill 0), variable-length strings in global heap
 * collections. This is what HDF5 1.8-1.14 write by default (libver "earliest"), so every reader
 * handles it: the HDF5 library from 1.6 on (h5py, h5dump, MATLAB, IDL), jhdf, NetCDF-4 readers. No
 * checksums are needed, and every structure's size is known before its children's addresses are,
 * which lets all metadata be written once, at commit, after the raw data.
 *
 * <h2>File layout</h2>
 * Offset 0 holds the 96-byte superblock, written last. Raw data follows: contiguous datasets get their
 * block when created (positioned writes; unwritten parts stay sparse zeros), chunks are appended when
 * complete. At commit, global heap collections, chunk B-trees, then groups and object headers
 * (children before parents) are appended after the data. Offsets and lengths are 64-bit.
 *
 * <h2>Memory bound</h2>
 * Contiguous: the caller's slab plus an encoding buffer of at most 4 MiB per write call.
 * Chunked: every chunk touched by a write but not yet complete is held in memory (chunk bytes plus
 * one bit per element) until its last element inside the dataset arrives; then it is shuffled,
 * deflated, written and dropped. With slabs aligned to chunk boundaries nothing stays buffered;
 * slabs that cut through chunks keep those chunks (about one slab's worth for slabs along the
 * slowest dimension). {@link org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer#bufferedBytes()}
 * reports the current figure. A hard cap
 * ({@link org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer#setChunkBufferLimit(long)}, default
 * 512 MiB) spills the least recently touched incomplete chunks, uncompressed, to a hidden sparse
 * {@code .<name>.spill} file and reloads them when touched again, so even a write order that cuts
 * every chunk (sinograms into projection-shaped chunks) stays within the cap plus one chunk.
 * Commit flushes incomplete chunks; missing values are 0.
 *
 * <h2>Limits</h2>
 * Rank 1..32, every dimension at least 1, no resizing (no unlimited dimensions). Chunks below 2 GiB
 * and fewer than 2^31 chunks per dataset. Element types: all numeric
 * {@link org.beamlinestudio.core.data.ElementType}s except OTHER. Attributes: scalar or 1-D; numeric
 * and fixed-length string attributes live in the object header (at most about 60 KB each); variable-
 * length strings have no practical limit. A completed chunk cannot be rewritten (it is already
 * compressed on disk). A write that throws midway may have stored part of its slab.
 */
package org.beamlinestudio.core.hdf5.write;
