package org.beamlinestudio.tomography.center;

import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.opencl.JavaFlatFieldCorrection;

/**
 * One sinogram ready for a centre finder: normalised by the mean flat and dark where the source has them and
 * turned into line integrals ({@code −log}, transmission floored at 1e-6 as {@code tomography.minuslog} does).
 *
 * @param data    {@code nAngles × nCols}, C order
 * @param angles  radians, one per row
 */
public record Sinogram(float[] data, int nAngles, int nCols, double[] angles) {

    /** The transmission below which −log is clipped, as the {@code tomography.minuslog} stage's default. */
    public static final float FLOOR = 1e-6f;

    /**
     * Reads detector row {@code row} of a projection source (angle, row, column) — e.g. from
     * {@code DataExchangeReader} — and normalises it. Without flats, the data are taken as transmission already;
     * without angles, a half turn of equal steps is assumed.
     */
    public static Sinogram read(OpenedSource src, int row) throws DataFileException {
        LazyDataset proj = src.primary();
        long[] shape = proj.shape();
        if (shape.length != 3) {
            throw new DataFileException(src.file(), "(projections)", "shape " + java.util.Arrays.toString(shape),
                    "projections (angle, row, column)");
        }
        if (row < 0 || row >= shape[1]) {
            throw new IllegalArgumentException("row " + row + " is outside the detector's 0…" + (shape[1] - 1));
        }
        int na = (int) shape[0];
        int nc = (int) shape[2];
        float[] raw = proj.readFloats(new long[] {0, row, 0}, new int[] {na, 1, nc});
        Optional<LazyDataset> flats = src.array("flats");
        float[] out;
        if (flats.isPresent()) {
            float[] flat = mean(flats.get(), row, nc);
            float[] dark = src.array("darks").isPresent() ? mean(src.array("darks").get(), row, nc) : new float[nc];
            out = new float[raw.length];
            new JavaFlatFieldCorrection().apply(raw, na, nc, flat, dark, out);
        } else {
            out = raw;
        }
        for (int i = 0; i < out.length; i++) {
            float v = out[i];
            out[i] = v > FLOOR ? -(float) Math.log(v) : -(float) Math.log(FLOOR); // NaN and ≤ floor clipped
        }
        double[] angles = src.vector("angles").orElseGet(() -> {
            double[] a = new double[na];
            for (int k = 0; k < na; k++) {
                a[k] = k * Math.PI / na;
            }
            return a;
        });
        if (angles.length != na) {
            throw new DataFileException(src.file(), "(angles)", angles.length + " angles",
                    "one per projection (" + na + ")");
        }
        return new Sinogram(out, na, nc, angles);
    }

    private static float[] mean(LazyDataset stack, int row, int nc) throws DataFileException {
        int n = (int) stack.shape()[0];
        float[] all = stack.readFloats(new long[] {0, row, 0}, new int[] {n, 1, nc});
        float[] m = new float[nc];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < nc; j++) {
                m[j] += all[i * nc + j] / n;
            }
        }
        return m;
    }
}
