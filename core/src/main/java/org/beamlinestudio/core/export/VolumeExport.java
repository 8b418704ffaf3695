package org.beamlinestudio.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.exec.Hdf5Sink;
import org.beamlinestudio.core.exec.OutputSink;
import org.beamlinestudio.core.exec.TiffStackSink;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.Progress;

/**
 * Exports a 3-D result (slices, rows, columns) from an HDF5 file — our own reconstructions — to a float32 or
 * rescaled 16/8-bit TIFF stack or HDF5 file: a region of each slice over a range of slices, read slab by slab so
 * memory stays bounded whatever the volume's size, written atomically through the pipeline's sinks, with the
 * result's provenance plus an {@code export} block.
 */
public final class VolumeExport {

    /** Output container. */
    public enum Format {
        /** A folder of one TIFF per slice plus {@code pipeline.json}. */
        TIFF,
        /** One HDF5 file, {@code /exchange/data} plus {@code /process@pipeline}. */
        HDF5
    }

    /** Sample type of the export. */
    public enum Depth {
        /** The values as they are. */
        FLOAT32(ElementType.FLOAT32, Float.NaN),
        /** The window mapped onto 0…65535. */
        UINT16(ElementType.UINT16, 65535),
        /** The window mapped onto 0…255. */
        UINT8(ElementType.UINT8, 255);

        private final ElementType type;
        private final float max;

        Depth(ElementType type, float max) {
            this.type = type;
            this.max = max;
        }

        /** The stored element type. */
        public ElementType elementType() {
            return type;
        }

        /** Bytes per stored sample. */
        public int bytes() {
            return type.bytes();
        }
    }

    /**
     * What to export.
     *
     * @param source      the HDF5 result file
     * @param dataset     the 3-D dataset in it (slices, rows, columns), e.g. {@link Hdf5Sink#DATASET}
     * @param destination a folder to create (TIFF) or a file to create (HDF5); must not exist
     * @param format      TIFF stack or HDF5
     * @param depth       float32 as is, or rescaled to uint16 / uint8
     * @param windowMin   value mapped to 0 when rescaling (ignored for float32)
     * @param windowMax   value mapped to the type's maximum when rescaling (ignored for float32)
     * @param x0          first column of the region
     * @param y0          first row of the region
     * @param width       columns in the region
     * @param height      rows in the region
     * @param sliceFrom   first slice exported
     * @param sliceTo     last slice exported, inclusive
     */
    public record Spec(Path source, String dataset, Path destination, Format format, Depth depth, double windowMin,
                       double windowMax, int x0, int y0, int width, int height, long sliceFrom, long sliceTo) {

        /** The whole of a volume of {@code shape} (slices, rows, columns) as float32. */
        public static Spec whole(Path source, long[] shape, Path destination, Format format) {
            return new Spec(source, Hdf5Sink.DATASET, destination, format, Depth.FLOAT32, 0, 1, 0, 0,
                    Math.toIntExact(shape[2]), Math.toIntExact(shape[1]), 0, shape[0] - 1);
        }

        /** Number of slices exported. */
        public long slices() {
            return sliceTo - sliceFrom + 1;
        }

        /** Bytes of sample data the export writes (before any compression). */
        public long sampleBytes() {
            return slices() * width * (long) height * depth.bytes();
        }
    }

    /** An export that could not start or failed part-way, with a message naming what is wrong. */
    public static final class ExportException extends Exception {
        private static final long serialVersionUID = 1L;

        public ExportException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Memory for one slab read and written at a time. */
    static final long SLAB_BYTES = 32L << 20;

    private VolumeExport() {
    }

    /**
     * Runs the export; returns the destination once published. Nothing is left under the destination's name when
     * it fails or is cancelled.
     */
    public static Path run(Spec spec, Progress progress, Cancellation cancel)
            throws ExportException, Cancellation.CancelledException {
        progress.update(0, "Opening " + spec.source().getFileName());
        try (Hdf5File h5 = Hdf5File.open(spec.source())) {
            LazyDataset data = h5.dataset(spec.dataset());
            checkFits(spec, data.shape());
            String provenance = provenance(spec, h5);
            long[] outShape = {spec.slices(), spec.height(), spec.width()};
            try (OutputSink sink = open(spec, outShape)) {
                long perSlab = Math.max(1, SLAB_BYTES / (4L * spec.width() * spec.height()));
                for (long z = 0; z < spec.slices(); z += perSlab) {
                    cancel.check();
                    int n = (int) Math.min(perSlab, spec.slices() - z);
                    float[] values = data.readFloats(new long[] {spec.sliceFrom() + z, spec.y0(), spec.x0()},
                            new int[] {n, spec.height(), spec.width()});
                    if (spec.depth() != Depth.FLOAT32) {
                        rescale(values, spec.windowMin(), spec.windowMax(), spec.depth());
                    }
                    FloatBlock block = new FloatBlock(values, new int[] {n, spec.height(), spec.width()},
                            new long[] {z, 0, 0});
                    sink.write(new Chunk(block, DataKind.VOLUME, 0, null));
                    progress.update((double) (z + n) / spec.slices(),
                            "Exported slice " + (z + n) + " of " + spec.slices());
                }
                cancel.check();
                Path done = sink.commit(provenance);
                progress.update(1, "Exported to " + done);
                return done;
            } catch (IOException e) {
                throw new ExportException("writing " + spec.destination() + " failed: " + e.getMessage(), e);
            }
        } catch (DataFileException e) {
            throw new ExportException(e.getMessage(), e);
        }
    }

    /**
     * Maps {@code [lo, hi]} onto {@code 0…max} of {@code depth} in place: below lo → 0, above hi → max, NaN → 0,
     * rounded to whole numbers.
     */
    public static void rescale(float[] values, double lo, double hi, Depth depth) {
        float max = depth.max;
        double scale = hi > lo ? max / (hi - lo) : 0;
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (Float.isNaN(v)) {
                values[i] = 0;
                continue;
            }
            double s = (v - lo) * scale;
            values[i] = (float) Math.rint(Math.max(0, Math.min(max, s)));
        }
    }

    private static void checkFits(Spec spec, long[] shape) throws ExportException {
        String where = spec.source() + " " + spec.dataset();
        if (shape.length != 3) {
            throw new ExportException(where + " has shape " + Arrays.toString(shape)
                    + "; an export needs a 3-D volume (slices, rows, columns)", null);
        }
        if (spec.width() < 1 || spec.height() < 1 || spec.x0() < 0 || spec.y0() < 0
                || spec.x0() + (long) spec.width() > shape[2] || spec.y0() + (long) spec.height() > shape[1]) {
            throw new ExportException(String.format(Locale.ROOT,
                    "region x %d–%d, y %d–%d is outside the %d × %d slices of %s", spec.x0(),
                    spec.x0() + spec.width() - 1, spec.y0(), spec.y0() + spec.height() - 1, shape[2], shape[1],
                    where), null);
        }
        if (spec.sliceFrom() < 0 || spec.sliceTo() < spec.sliceFrom() || spec.sliceTo() >= shape[0]) {
            throw new ExportException("slices " + spec.sliceFrom() + "–" + spec.sliceTo() + " are not within the "
                    + shape[0] + " slices (0–" + (shape[0] - 1) + ") of " + where, null);
        }
        if (spec.depth() != Depth.FLOAT32 && !(spec.windowMax() > spec.windowMin())) {
            throw new ExportException("the window " + spec.windowMin() + " … " + spec.windowMax()
                    + " is empty: its maximum must be above its minimum to rescale to "
                    + spec.depth().elementType().numpyName(), null);
        }
    }

    private static OutputSink open(Spec spec, long[] shape) throws IOException {
        ElementType type = spec.depth().elementType();
        return spec.format() == Format.TIFF ? new TiffStackSink(spec.destination(), shape, 0, type)
                : new Hdf5Sink(spec.destination(), shape, 0, type);
    }

    /** The result's own provenance (its pipeline and run) plus what this export did. */
    static String provenance(Spec spec, Hdf5File h5) {
        ObjectNode root = null;
        Optional<String> text = h5.node(Hdf5Sink.PROCESS).flatMap(n -> n.attribute(Hdf5Sink.PIPELINE_ATTRIBUTE))
                .map(H5Attribute::value).filter(String.class::isInstance).map(String.class::cast);
        if (text.isPresent()) {
            try {
                JsonNode parsed = PipelineJson.mapper().readTree(text.get());
                root = parsed instanceof ObjectNode o ? o : null;
            } catch (IOException e) {
                root = null;
            }
        }
        if (root == null) {
            root = PipelineJson.mapper().createObjectNode();
            root.put("note", "the exported file " + spec.source() + " carried no pipeline in "
                    + Hdf5Sink.PROCESS + "@" + Hdf5Sink.PIPELINE_ATTRIBUTE);
        }
        ObjectNode export = root.putObject("export");
        export.put("source", spec.source().toAbsolutePath().toString());
        export.put("dataset", spec.dataset());
        export.put("format", spec.format().name().toLowerCase(Locale.ROOT));
        export.put("depth", spec.depth().elementType().numpyName());
        if (spec.depth() != Depth.FLOAT32) {
            ObjectNode w = export.putObject("window");
            w.put("min", spec.windowMin());
            w.put("max", spec.windowMax());
        }
        ObjectNode region = export.putObject("region");
        region.put("x0", spec.x0());
        region.put("y0", spec.y0());
        region.put("width", spec.width());
        region.put("height", spec.height());
        ObjectNode slices = export.putObject("slices");
        slices.put("from", spec.sliceFrom());
        slices.put("to", spec.sliceTo());
        export.put("exported", Instant.now().toString());
        try {
            return PipelineJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
