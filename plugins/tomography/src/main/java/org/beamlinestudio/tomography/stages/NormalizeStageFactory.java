package org.beamlinestudio.tomography.stages;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.opencl.FlatFieldCorrection;
import org.beamlinestudio.tomography.io.ScanRoles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flat/dark normalisation, {@code (raw − dark) / (flat − dark)}. The flat is the mean of the flats
 * (on the chosen OpenCL device or in plain Java), or — for a beam that drifts during the scan — a
 * linear interpolation between the mean of the flats taken before and after the projections, or —
 * for scans without flats — the mean over columns where the beam passes the sample freely ("air
 * columns"), row by row and projection by projection. Missing darks count as 0, with a warning.
 */
public final class NormalizeStageFactory implements StageFactory {
    private static final Logger LOG = LoggerFactory.getLogger(NormalizeStageFactory.class);

    /** Stage id in pipelines. */
    public static final String ID = "tomography.normalize";

    /** Where the flat comes from: {@value #FLATS} or {@value #AIR_COLUMNS}. */
    public static final String FLAT_SOURCE = "flatSource";
    public static final String FLATS = "flats";
    public static final String AIR_COLUMNS = "airColumns";
    public static final String AIR_FROM = "airColumnsFrom";
    public static final String AIR_TO = "airColumnsTo";
    /** How flats combine: {@value #MEAN} or {@value #BEFORE_AFTER}. */
    public static final String FLAT_INTERPOLATION = "flatInterpolation";
    public static final String MEAN = "mean";
    public static final String BEFORE_AFTER = "beforeAfter";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Flat/dark normalisation";
    }

    @Override
    public String description() {
        return "Divides each projection by the flat field after subtracting the mean dark: "
                + "(raw − dark) / (flat − dark). Gives transmission, 1 where the beam passes freely. The flat is "
                + "the mean of the flats, an interpolation between the flats before and after the projections, "
                + "or, without flats, the mean of air columns beside the sample.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.ofChoice(FLAT_SOURCE, "Flat field from", FLATS, List.of(FLATS, AIR_COLUMNS),
                        "flats: the flat-field images of the scan. airColumns: for scans without flats, the mean "
                                + "of each projection row over columns where the beam misses the sample."),
                ParamSpec.ofChoice(FLAT_INTERPOLATION, "Combine flats", MEAN, List.of(MEAN, BEFORE_AFTER),
                        "mean: one mean flat for all projections. beforeAfter: a linear interpolation, by "
                                + "projection index, between the mean flats taken before and after the projections "
                                + "(follows a decaying beam); needs flats on both sides.")
                        .visibleWhen(FLAT_SOURCE + "=" + FLATS),
                ParamSpec.ofInt(AIR_FROM, "Air columns from", 0, 0, null, "px",
                        "First detector column (inclusive) where the beam passes freely in every projection.")
                        .visibleWhen(FLAT_SOURCE + "=" + AIR_COLUMNS),
                ParamSpec.ofInt(AIR_TO, "Air columns to", 19, 0, null, "px",
                        "Last detector column (inclusive) of the air region.")
                        .visibleWhen(FLAT_SOURCE + "=" + AIR_COLUMNS));
    }

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.PROJECTIONS);
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        String source = params.getString(FLAT_SOURCE);
        if (AIR_COLUMNS.equals(source)) {
            int from = params.getInt(AIR_FROM);
            int to = params.getInt(AIR_TO);
            if (to < from) {
                throw new StageException(ID, AIR_TO + " (" + to + ") is before " + AIR_FROM + " (" + from
                        + "): give the first and last air column, inclusive");
            }
            return new Normalize(null, false, from, to);
        }
        boolean beforeAfter = BEFORE_AFTER.equals(params.getString(FLAT_INTERPOLATION));
        return new Normalize(FlatFieldCorrection.forDevice(environment.compute()), beforeAfter, -1, -1);
    }

    /** The configured stage; holds the device implementation (mean mode) for the whole run. */
    private static final class Normalize implements Stage {
        private final FlatFieldCorrection correction;
        private final boolean beforeAfter;
        private final int airFrom;
        private final int airTo;
        private final AtomicBoolean warnedDarks = new AtomicBoolean();
        private final AtomicBoolean warnedBeforeAfter = new AtomicBoolean();

        Normalize(FlatFieldCorrection correction, boolean beforeAfter, int airFrom, int airTo) {
            this.correction = correction;
            this.beforeAfter = beforeAfter;
            this.airFrom = airFrom;
            this.airTo = airTo;
        }

        @Override
        public Chunk run(Chunk input, Progress progress, Cancellation cancel)
                throws StageException, Cancellation.CancelledException {
            OpenedSource src = input.source();
            FloatBlock b = input.block();
            int[] shape = b.shape();
            long row0 = b.origin()[1];
            int rows = shape[1];
            int cols = shape[2];
            int image = rows * cols;
            try {
                float[] dark = darkOrZero(src, row0, rows, cols, progress);
                cancel.check();
                float[] out;
                if (airFrom >= 0) {
                    out = airColumns(b, dark);
                } else {
                    LazyDataset flats = src.array(ScanRoles.FLATS).orElseThrow(() -> new StageException(ID,
                            "no flat fields in " + src.file() + ": set " + FLAT_SOURCE + "=" + AIR_COLUMNS + " with "
                                    + AIR_FROM + "/" + AIR_TO + " on columns where the beam misses the sample, or "
                                    + "give the reader the option flatsFile=<file with the flats>"));
                    Optional<LazyDataset> before = src.array(ScanRoles.FLATS_BEFORE);
                    Optional<LazyDataset> after = src.array(ScanRoles.FLATS_AFTER);
                    if (beforeAfter && before.isPresent() && after.isPresent()) {
                        float[] fb = FlatDarkAverage.meanOverRows(before.get(), row0, rows);
                        float[] fa = FlatDarkAverage.meanOverRows(after.get(), row0, rows);
                        long n = src.primary().shape()[0];
                        out = interpolated(b, fb, fa, dark, n);
                    } else {
                        if (beforeAfter && warnedBeforeAfter.compareAndSet(false, true)) {
                            String msg = "flatInterpolation=beforeAfter needs flats before and after the projections; "
                                    + src.file() + " has " + (before.isPresent() ? "no flats after" : "no flats before")
                                    + ": using the mean of all flats";
                            LOG.warn(msg);
                            progress.update(-1, "Warning: " + msg);
                        }
                        float[] flat = FlatDarkAverage.meanOverRows(flats, row0, rows);
                        out = correction.apply(b.data(), shape[0], image, flat, dark);
                    }
                }
                progress.update(1, "normalised rows " + row0 + "–" + (row0 + rows - 1));
                return input.withData(out);
            } catch (DataFileException e) {
                throw new StageException(ID, e.getMessage(), e);
            }
        }

        private float[] darkOrZero(OpenedSource src, long row0, int rows, int cols, Progress progress)
                throws DataFileException {
            Optional<LazyDataset> darks = src.array(ScanRoles.DARKS);
            if (darks.isPresent()) {
                return FlatDarkAverage.meanOverRows(darks.get(), row0, rows);
            }
            if (warnedDarks.compareAndSet(false, true)) {
                String msg = "no dark fields in " + src.file() + ": taking the dark current as 0 (give the reader "
                        + "darksFile=<file> if the darks are elsewhere)";
                LOG.warn(msg);
                progress.update(-1, "Warning: " + msg);
            }
            return new float[rows * cols];
        }

        /** (raw − dark) / ((1 − w)(before − dark) + w(after − dark)), w = projection index / (n − 1). */
        private static float[] interpolated(FloatBlock b, float[] before, float[] after, float[] dark, long n) {
            int[] shape = b.shape();
            int image = shape[1] * shape[2];
            long a0 = b.origin()[0];
            float[] raw = b.data();
            float[] out = new float[raw.length];
            IntStream.range(0, shape[0]).parallel().forEach(k -> {
                double w = n > 1 ? (double) (a0 + k) / (n - 1) : 0;
                int base = k * image;
                for (int p = 0; p < image; p++) {
                    float flat = (float) ((1 - w) * before[p] + w * after[p]);
                    float den = flat - dark[p];
                    den = den < FlatFieldCorrection.MIN_DENOMINATOR ? FlatFieldCorrection.MIN_DENOMINATOR : den;
                    out[base + p] = (raw[base + p] - dark[p]) / den;
                }
            });
            return out;
        }

        /** Each row divided by its own mean over the air columns, darks subtracted first. */
        private float[] airColumns(FloatBlock b, float[] dark) throws StageException {
            int[] shape = b.shape();
            int rows = shape[1];
            int cols = shape[2];
            long c0 = b.origin()[2];
            int from = (int) (airFrom - c0);
            int to = (int) (airTo - c0);
            if (from < 0 || to >= cols) {
                throw new StageException(ID, "air columns " + airFrom + "–" + airTo + " are outside the detector's "
                        + cols + " columns (0–" + (cols - 1) + "): choose columns inside it where the beam misses "
                        + "the sample");
            }
            float[] raw = b.data();
            float[] out = new float[raw.length];
            int width = to - from + 1;
            IntStream.range(0, shape[0] * rows).parallel().forEach(kr -> {
                int r = kr % rows;
                int base = kr * cols;
                int dbase = r * cols;
                double sum = 0;
                for (int c = from; c <= to; c++) {
                    sum += raw[base + c] - dark[dbase + c];
                }
                float air = (float) (sum / width);
                float den = air < FlatFieldCorrection.MIN_DENOMINATOR ? FlatFieldCorrection.MIN_DENOMINATOR : air;
                for (int c = 0; c < cols; c++) {
                    out[base + c] = (raw[base + c] - dark[dbase + c]) / den;
                }
            });
            return out;
        }

        @Override
        public void close() {
            if (correction != null) {
                correction.close();
            }
        }
    }
}
