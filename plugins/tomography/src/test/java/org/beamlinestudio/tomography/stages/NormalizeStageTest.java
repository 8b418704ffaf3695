package org.beamlinestudio.tomography.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.io.ScanRoles;
import org.junit.jupiter.api.Test;

/**
 * A scan whose beam decays linearly by 30 % from the first to the last projection, with flats taken
 * before and after; a sample absorbs in columns 12–20 (transmission 0.5); columns 0–7 and 25–31 are air.
 */
class NormalizeStageTest {

    static final int N = 50;
    static final int ROWS = 8;
    static final int COLS = 32;
    static final float DARK = 100;

    static double beam(int p) {
        return 20000 * (1 - 0.3 * p / (N - 1));
    }

    /** Detector gain: varies by row and (when asked) by column, as real flats do. */
    static double gain(int r, int c, boolean byColumn) {
        return (1 + 0.05 * r) * (byColumn ? 1 + 0.2 * Math.sin(c) : 1);
    }

    static double transmission(int c) {
        return c >= 12 && c <= 20 ? 0.5 : 1;
    }

    static LazyDataset array(String name, int n, java.util.function.IntFunction<float[]> image) {
        return new BlockedLazyDataset(Path.of("synthetic.h5"), name, new long[] {n, ROWS, COLS}, ElementType.FLOAT32,
                null, new int[] {1, ROWS, COLS}, (origin, shape) -> {
                    float[] full = image.apply((int) origin[0]);
                    float[] out = new float[shape[1] * COLS];
                    System.arraycopy(full, (int) origin[1] * COLS, out, 0, out.length);
                    return out;
                });
    }

    static float[] frame(double beam, boolean byColumn, boolean sample) {
        float[] v = new float[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                v[r * COLS + c] = (float) (DARK + beam * gain(r, c, byColumn) * (sample ? transmission(c) : 1));
            }
        }
        return v;
    }

    /** A minimal opened scan over computed arrays. */
    static OpenedSource scan(Map<String, LazyDataset> arrays, LazyDataset projections) {
        return new OpenedSource() {
            @Override
            public Path file() {
                return Path.of("synthetic.h5");
            }

            @Override
            public String readerId() {
                return "test";
            }

            @Override
            public DataKind kind() {
                return DataKind.PROJECTIONS;
            }

            @Override
            public LazyDataset primary() {
                return projections;
            }

            @Override
            public int streamAxis() {
                return 1;
            }

            @Override
            public Optional<LazyDataset> array(String role) {
                return Optional.ofNullable(arrays.get(role));
            }

            @Override
            public Optional<double[]> vector(String role) {
                return Optional.empty();
            }

            @Override
            public Map<String, String> keyMetadata() {
                return Map.of();
            }

            @Override
            public void close() {
            }
        };
    }

    static OpenedSource decayingBeam(boolean byColumn, boolean withFlats, boolean withDarks) {
        LazyDataset projections = array("/projections", N, p -> frame(beam(p), byColumn, true));
        Map<String, LazyDataset> arrays = new HashMap<>();
        if (withFlats) {
            LazyDataset before = array("/flats_before", 3, k -> frame(beam(0), byColumn, false));
            LazyDataset after = array("/flats_after", 2, k -> frame(beam(N - 1), byColumn, false));
            arrays.put(ScanRoles.FLATS, array("/flats", 5, k -> frame(beam(k < 3 ? 0 : N - 1), byColumn, false)));
            arrays.put(ScanRoles.FLATS_BEFORE, before);
            arrays.put(ScanRoles.FLATS_AFTER, after);
        }
        if (withDarks) {
            arrays.put(ScanRoles.DARKS, array("/darks", 4, k -> frame(0, byColumn, false)));
        }
        return scan(arrays, projections);
    }

    static float[] run(OpenedSource src, Map<String, ?> params, long row0, int rows, List<String> messages)
            throws Exception {
        NormalizeStageFactory f = new NormalizeStageFactory();
        List<String> problems = new ArrayList<>();
        ParamValues v = ParamValues.resolve(f.params(), params, problems);
        assertThat(problems).isEmpty();
        float[] raw = src.primary().readFloats(new long[] {0, row0, 0}, new int[] {N, rows, COLS});
        try (Stage s = f.create(v, new StageEnvironment("java"))) {
            Chunk out = s.run(new Chunk(new FloatBlock(raw, new int[] {N, rows, COLS}, new long[] {0, row0, 0}),
                    DataKind.PROJECTIONS, 1, src), (fraction, m) -> messages.add(m), new Cancellation());
            return out.block().data();
        }
    }

    static double maxAirError(float[] out, int rows) {
        double worst = 0;
        for (int p = 0; p < N; p++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < COLS; c++) {
                    double expected = transmission(c);
                    worst = Math.max(worst, Math.abs(out[(p * rows + r) * COLS + c] - expected));
                }
            }
        }
        return worst;
    }

    @Test
    void beforeAfterInterpolationFollowsALinearlyDecayingBeam() throws Exception {
        OpenedSource src = decayingBeam(true, true, true);
        float[] interpolated = run(src, Map.of("flatInterpolation", "beforeAfter"), 2, 4, new ArrayList<>());
        assertThat(maxAirError(interpolated, 4)).isLessThan(1e-4);
        // the mean of 3 flats at I0 and 2 at 0.7·I0 is 0.88·I0: 14 % high at the first projection, 20 % low at the last
        float[] mean = run(src, Map.of(), 2, 4, new ArrayList<>());
        assertThat(maxAirError(mean, 4)).isGreaterThan(0.15);
        assertThat(mean[0]).isCloseTo((float) (1 / 0.88), within(1e-4f));
    }

    @Test
    void beforeAfterWithoutFlatsAfterFallsBackToTheMeanWithAWarning() throws Exception {
        OpenedSource full = decayingBeam(true, true, true);
        Map<String, LazyDataset> arrays = new HashMap<>();
        arrays.put(ScanRoles.FLATS, full.array(ScanRoles.FLATS_BEFORE).orElseThrow());
        arrays.put(ScanRoles.FLATS_BEFORE, full.array(ScanRoles.FLATS_BEFORE).orElseThrow());
        arrays.put(ScanRoles.DARKS, full.array(ScanRoles.DARKS).orElseThrow());
        List<String> messages = new ArrayList<>();
        float[] out = run(scan(arrays, full.primary()), Map.of("flatInterpolation", "beforeAfter"), 0, ROWS, messages);
        assertThat(messages).anyMatch(m -> m.contains("no flats after") && m.contains("mean of all flats"));
        assertThat(out[0]).isCloseTo(1f, within(1e-4f)); // first projection: flat = the before flats
    }

    @Test
    void airColumnsNormaliseScansWithoutFlatsAndDarkDefaultsToZeroWithAWarning() throws Exception {
        OpenedSource src = decayingBeam(false, false, true);
        float[] out = run(src, Map.of("flatSource", "airColumns", "airColumnsFrom", 0, "airColumnsTo", 7), 0, ROWS,
                new ArrayList<>());
        assertThat(maxAirError(out, ROWS)).isLessThan(1e-4);

        OpenedSource noDarks = decayingBeam(false, false, false);
        List<String> messages = new ArrayList<>();
        float[] approx = run(noDarks, Map.of("flatSource", "airColumns", "airColumnsFrom", 25, "airColumnsTo", 31), 0,
                ROWS, messages);
        assertThat(messages).anyMatch(m -> m.contains("no dark fields") && m.contains("as 0"));
        // with the dark current (100 of ≥ 7000 counts) left in: air exactly 1, sample within 1 %
        assertThat(approx[0]).isCloseTo(1f, within(1e-5f));
        assertThat(approx[15]).isCloseTo(0.5f, within(0.01f));
    }

    @Test
    void missingFlatsOfferAirColumnsAndBadColumnsAreRefused() throws Exception {
        OpenedSource src = decayingBeam(false, false, true);
        assertThatThrownBy(() -> run(src, Map.of(), 0, ROWS, new ArrayList<>())).isInstanceOf(StageException.class)
                .hasMessageContaining("no flat fields in synthetic.h5")
                .hasMessageContaining("flatSource=airColumns")
                .hasMessageContaining("flatsFile=");
        assertThatThrownBy(() -> run(src, Map.of("flatSource", "airColumns", "airColumnsFrom", 30, "airColumnsTo", 40),
                0, ROWS, new ArrayList<>())).isInstanceOf(StageException.class)
                .hasMessageContaining("air columns 30–40 are outside the detector's 32 columns");
        NormalizeStageFactory f = new NormalizeStageFactory();
        assertThatThrownBy(() -> f.create(ParamValues.resolve(f.params(), Map.of("flatSource", "airColumns",
                "airColumnsFrom", 9, "airColumnsTo", 3), new ArrayList<>()), StageEnvironment.auto()))
                .isInstanceOf(StageException.class).hasMessageContaining("airColumnsTo (3) is before airColumnsFrom (9)");
    }

    @Test
    void meanFlatsOnAConstantBeamGiveTransmission() throws Exception {
        OpenedSource src = decayingBeam(true, true, true);
        Map<String, LazyDataset> arrays = new HashMap<>();
        arrays.put(ScanRoles.FLATS, array("/flats", 3, k -> frame(20000, true, false)));
        arrays.put(ScanRoles.DARKS, src.array(ScanRoles.DARKS).orElseThrow());
        OpenedSource constant = scan(arrays, array("/p", N, p -> frame(20000, true, true)));
        assertThat(maxAirError(run(constant, Map.of(), 1, 3, new ArrayList<>()), 3)).isLessThan(1e-4);
    }
}
