package org.beamlinestudio.tomography.recon;

/**
 * Parallel-beam geometry of one slice, with the conventions every reconstructor, centre finder and
 * test in this plugin uses. They are those of {@code ../shared/bench/tomography/peer_bench.py}, so
 * our figures and the peers' compare directly:
 * <ul>
 *   <li>A sinogram is (angles, columns), float32, C order; values are line integrals in units of
 *       pixel lengths.</li>
 *   <li>Detector column {@code j} has its centre at coordinate {@code j}; the rotation axis sits at
 *       column {@link #center()} (fractional allowed). The signed detector coordinate of column
 *       {@code j} is {@code s = j − center}.</li>
 *   <li>The reconstruction is {@code size × size}, centred on the rotation axis: pixel (row
 *       {@code i}, column {@code k}) has its centre at {@code x = k − size/2}, {@code y = size/2 − i}
 *       (y up). A point (x, y) projects at angle θ to {@code s = x·cosθ + y·sinθ}.</li>
 *   <li>Angles are in radians, as measured (any order, any spacing); a half turn is [0, π).</li>
 *   <li>Values are attenuation per pixel length: reconstructing the sinogram of an object of
 *       density 1 gives 1 (no scale factor left to the user).</li>
 * </ul>
 *
 * @param angles  projection angles in radians, one per sinogram row
 * @param columns detector columns per sinogram row
 * @param center  rotation axis position in columns
 * @param size    edge of the square reconstruction in pixels
 */
public record ReconstructionGeometry(double[] angles, int columns, double center, int size) {

    public ReconstructionGeometry {
        if (angles.length == 0 || columns <= 0 || size <= 0) {
            throw new IllegalArgumentException("empty geometry: " + angles.length + " angles, " + columns
                    + " columns, size " + size);
        }
        angles = angles.clone();
    }

    /** {@code n} angles {@code kπ/n}, axis at {@code columns/2}, size = columns (the peers' setting). */
    public static ReconstructionGeometry halfTurn(int nAngles, int columns) {
        double[] a = new double[nAngles];
        for (int k = 0; k < nAngles; k++) {
            a[k] = k * Math.PI / nAngles;
        }
        return new ReconstructionGeometry(a, columns, columns / 2.0, columns);
    }

    public int nAngles() {
        return angles.length;
    }

    /** The same geometry with another axis position. */
    public ReconstructionGeometry withCenter(double newCenter) {
        return new ReconstructionGeometry(angles, columns, newCenter, size);
    }

    /** The same geometry with another output size. */
    public ReconstructionGeometry withSize(int newSize) {
        return new ReconstructionGeometry(angles, columns, center, newSize);
    }
}
