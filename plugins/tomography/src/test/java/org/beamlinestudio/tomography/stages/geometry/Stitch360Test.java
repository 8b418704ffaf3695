package org.beamlinestudio.tomography.stages.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 360° offset-axis scans of the analytic phantom, stitched, against the analytic 180° sinogram of
 * the whole field of view.
 */
class Stitch360Test {

    private static final int COLUMNS = 300;
    private static final int SIZE = 560;     // the phantom's field of view: 2 × (300 − 20)
    private static final int FULL_TURN = 720;

    private static double[] angles(int n, double range) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            a[k] = range * k / n;
        }
        return a;
    }

    @ParameterizedTest(name = "axis at {0}, side {1}")
    @CsvSource({"20.0, left, 1e-5", "279.0, right, 1e-5", "20.5, left, 1e-5", "279.5, right, 1e-5",
            "20.3, left, 0.01", "278.75, right, 0.01"})
    void stitchedSinogramIsTheHalfTurnSinogramOfTheWholeField(double axis, String side, double tolerance)
            throws Exception {
        double[] full = angles(FULL_TURN, 2 * Math.PI);
        // One detector row: (angles, 1 row, columns).
        float[] sino360 = ModifiedSheppLogan.sinogram(new ReconstructionGeometry(full, COLUMNS, axis, SIZE));
        HalfAcquisition g = new HalfAcquisition(COLUMNS, axis, side.equals("left"));
        Chunk in = new Chunk(new FloatBlock(sino360, new int[] {FULL_TURN, 1, COLUMNS}, new long[] {0, 7, 0}),
                DataKind.PROJECTIONS, 1, new TestSource(full));
        Map<String, Object> p = Map.of("axisColumn", axis, "side", side);
        Chunk out = GeometryStagesTest.run(new Stitch360StageFactory(), p, in);

        int w = g.width();
        double c = g.stitchedCenter();
        assertThat(out.block().shape()).containsExactly(FULL_TURN / 2, 1, w);
        assertThat(out.block().origin()).containsExactly(0, 7, 0);
        assertThat(new Stitch360StageFactory().outputShape(new long[] {FULL_TURN, 32, COLUMNS},
                GeometryStagesTest.params(new Stitch360StageFactory(), p))).containsExactly(FULL_TURN / 2, 32, w);
        // The width covers offsets ±(w − 1)/2 around the axis: ≈ 2 × (distance from the axis to the far edge).
        assertThat((double) w).isBetween(2 * Math.max(axis, COLUMNS - 1 - axis) - 1, 2 * Math.max(axis, COLUMNS - 1 - axis) + 2);
        double[] half = angles(FULL_TURN / 2, Math.PI);
        assertThat(out.source().vector("angles").orElseThrow()).containsExactly(half);

        float[] truth = ModifiedSheppLogan.sinogram(new ReconstructionGeometry(half, w, c, SIZE));
        double maxErr = 0;
        double maxTruth = 0;
        double sumSq = 0;
        for (int i = 0; i < truth.length; i++) {
            double e = out.block().data()[i] - truth[i];
            maxErr = Math.max(maxErr, Math.abs(e));
            maxTruth = Math.max(maxTruth, truth[i]);
            sumSq += e * e;
        }
        double rel = Math.sqrt(sumSq / truth.length) / maxTruth;
        System.out.printf("stitch axis %.2f %s: width %d, centre %.2f, max error %.3g of max %.1f, relative RMSE %.3g%n",
                axis, side, w, c, maxErr, maxTruth, rel);
        assertThat(maxTruth).isGreaterThan(100);
        // Exact up to float rounding when the mirror falls on whole columns; linear interpolation otherwise.
        assertThat(rel).isLessThan(tolerance);
    }

    @org.junit.jupiter.api.Test
    void refusesAnAxisOnTheWrongSideAndAnglesThatAreNotAFullTurn() {
        float[] data = new float[8 * 1 * 10];
        Chunk in = new Chunk(new FloatBlock(data, new int[] {8, 1, 10}, new long[] {0, 0, 0}), DataKind.PROJECTIONS, 1,
                new TestSource(angles(8, Math.PI)));
        assertThatThrownBy(() -> GeometryStagesTest.run(new Stitch360StageFactory(),
                Map.of("axisColumn", 2.0, "side", "left"), in)).isInstanceOf(StageException.class)
                .hasMessageContaining("first half + 180°");
        Chunk in2 = new Chunk(in.block(), DataKind.PROJECTIONS, 1, new TestSource(angles(8, 2 * Math.PI)));
        assertThatThrownBy(() -> GeometryStagesTest.run(new Stitch360StageFactory(),
                Map.of("axisColumn", 7.0, "side", "left"), in2)).isInstanceOf(StageException.class)
                .hasMessageContaining("choose side right");
    }
}
