/** Exports a finished result (a reconstructed volume) to TIFF stacks or HDF5: cropped, optionally rescaled. */
package org.beamlinestudio.core.export;
