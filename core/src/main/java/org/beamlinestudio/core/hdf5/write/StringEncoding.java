package org.beamlinestudio.core.hdf5.write;

/** Character set recorded in an HDF5 string datatype. */
public enum StringEncoding {
    /** 7-bit ASCII (H5T_CSET_ASCII); values with other characters are rejected. */
    ASCII,
    /** UTF-8 (H5T_CSET_UTF8), what h5py writes for Python {@code str}. */
    UTF8
}
