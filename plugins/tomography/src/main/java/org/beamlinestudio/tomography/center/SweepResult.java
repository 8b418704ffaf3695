package org.beamlinestudio.tomography.center;

/**
 * One slice of a centre sweep.
 *
 * @param center the axis position this slice was reconstructed with, exactly the candidate asked for (columns of
 *               the full-resolution detector)
 * @param score  its {@link SweepScore} (see {@link SweepScore#lowerIsBetter()})
 * @param slice  {@code size × size}, C order, in the conventions of
 *               {@link org.beamlinestudio.tomography.recon.ReconstructionGeometry} for the (possibly binned) grid
 * @param size   edge of the slice in pixels
 * @param pixel  the slice's pixel size in detector columns (the binning; 1 = full resolution)
 */
public record SweepResult(double center, double score, float[] slice, int size, int pixel) {
}
