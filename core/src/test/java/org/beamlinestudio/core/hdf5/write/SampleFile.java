package org.beamlinestudio.core.hdf5.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.beamlinestudio.core.data.ElementType;

/** Builds the reference test file: nested groups, every attribute kind, contiguous and chunked datasets. */
final class SampleFile {
    static final long[] VOLUME_SHAPE = {6, 10, 12};
    static final long[] CHUNKED_SHAPE = {7, 9, 11};
    static final int[] CHUNK = {3, 4, 5};
    static final long[] COUNTS_SHAPE = {5, 33};
    static final long[] LABELS_SHAPE = {4, 5};
    static final long[] MASK_SHAPE = {10, 10};
    static final int WEIGHTS = 17;

    static final String TITLE = "Beamline Studio — streaming writer test ✓ Å";
    static final String JSON = provenanceJson(6000);
    static final String FIXED_JSON = provenanceJson(3000);

    private SampleFile() {
    }

    static float volume(long i, long j, long k) {
        return i * 1000f + j * 10f + k * 0.5f - 7.25f;
    }

    static float chunked(long i, long j, long k) {
        return (i * 97 + j * 13 + k) * 0.25f - 3f;
    }

    static int counts(long i, long j) {
        return (int) ((i * 331 + j * 7919) % 65536);
    }

    static int labels(long i, long j) {
        return (int) (i * 5 + j) * 1_000_003 - 10_000_000;
    }

    static int mask(long i, long j) {
        // only rows 0..3 are written; the rest stays the fill value 0
        return i < 4 ? (int) ((i + j) % 2 + 1) : 0;
    }

    static double weights(int i) {
        return i / 3.0;
    }

    /** A JSON document of about {@code size} characters, as pipeline provenance is stored. */
    static String provenanceJson(int size) {
        StringBuilder sb = new StringBuilder("{\"format\":1,\"technique\":\"tomography\",\"stages\":[");
        int i = 0;
        while (sb.length() < size) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":\"stage-").append(i).append("\",\"params\":{\"center\":")
                    .append(1024.5 + i).append(",\"note\":\"ok\"}}");
            i++;
        }
        return sb.append("]}").toString();
    }

    static void write(Path file, long seed) throws IOException {
        Random rnd = new Random(seed);
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            w.setAttribute("/", "title", TITLE);
            w.setAttribute("/", "version", 3);
            w.createGroup("/entry/sample/empty");
            w.setAttribute("/entry", "NX_class", AttributeValue.fixedString("NXentry", StringEncoding.ASCII));
            w.setAttribute("/entry", "default", AttributeValue.string("data", StringEncoding.ASCII));
            w.createGroup("/process");
            w.setAttribute("/process", "pipeline", JSON);
            w.setAttribute("/process", "pipeline_fixed", AttributeValue.fixedString(FIXED_JSON, StringEncoding.ASCII));

            StreamingDataset vol = w.createDataset("/entry/data/volume", ElementType.FLOAT32, VOLUME_SHAPE,
                    Layout.contiguous());
            vol.setAttribute("units", AttributeValue.string("counts"))
                    .setAttribute("int32", AttributeValue.int32(-42))
                    .setAttribute("int32s", AttributeValue.int32Array(1, -2, 3, Integer.MAX_VALUE))
                    .setAttribute("int64", AttributeValue.int64(1L << 40))
                    .setAttribute("int64s", AttributeValue.int64Array(Long.MIN_VALUE, 0, Long.MAX_VALUE))
                    .setAttribute("f32", AttributeValue.float32(1.5f))
                    .setAttribute("f32s", AttributeValue.float32Array(0.1f, -2.5e-7f, Float.MAX_VALUE))
                    .setAttribute("f64", AttributeValue.float64(Math.PI))
                    .setAttribute("f64s", AttributeValue.float64Array(Math.E, -1e300, 0.0))
                    .setAttribute("names", AttributeValue.stringArray(StringEncoding.UTF8, "alpha", "βeta", ""))
                    .setAttribute("fixed_names", AttributeValue.fixedStringArray(StringEncoding.ASCII, "x", "yy", "zzz"));
            // contiguous volume in shuffled 2x5x4 blocks
            writeBlocks(vol, VOLUME_SHAPE, new int[] {2, 5, 4}, rnd, SampleFile::volume);

            StreamingDataset ch = w.createDataset("/entry/data/chunked", ElementType.FLOAT32, CHUNKED_SHAPE,
                    Layout.chunked(CHUNK).shuffle().deflate(4));
            // blocks deliberately misaligned with the 3x4x5 chunks
            writeBlocks(ch, CHUNKED_SHAPE, new int[] {2, 3, 11}, rnd, SampleFile::chunked);

            StreamingDataset counts = w.createDataset("/entry/data/counts", ElementType.UINT16, COUNTS_SHAPE,
                    Layout.chunked(2, 8).deflate(6));
            for (int i = (int) COUNTS_SHAPE[0] - 1; i >= 0; i--) {
                int[] row = new int[(int) COUNTS_SHAPE[1]];
                for (int j = 0; j < row.length; j++) {
                    row[j] = counts(i, j);
                }
                counts.write(new long[] {i, 0}, new int[] {1, row.length}, row);
            }

            StreamingDataset labels = w.createDataset("/entry/data/labels", ElementType.INT32, LABELS_SHAPE,
                    Layout.contiguous());
            int[] all = new int[20];
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    all[i * 5 + j] = labels(i, j);
                }
            }
            labels.write(new long[] {0, 0}, new int[] {4, 5}, all);

            StreamingDataset mask = w.createDataset("/entry/data/mask", ElementType.UINT8, MASK_SHAPE,
                    Layout.chunked(4, 4).shuffle().deflate(1));
            byte[] top = new byte[40];
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 10; j++) {
                    top[i * 10 + j] = (byte) mask(i, j);
                }
            }
            mask.write(new long[] {0, 0}, new int[] {4, 10}, top);

            StreamingDataset weights = w.createDataset("/process/weights", ElementType.FLOAT64,
                    new long[] {WEIGHTS}, Layout.contiguous());
            double[] wv = new double[WEIGHTS];
            for (int i = 0; i < WEIGHTS; i++) {
                wv[i] = weights(i);
            }
            weights.write(new long[] {0}, new int[] {WEIGHTS}, wv);
            w.commit();
        }
    }

    interface Fn3 {
        float at(long i, long j, long k);
    }

    static void writeBlocks(StreamingDataset ds, long[] shape, int[] block, Random rnd, Fn3 fn) throws IOException {
        List<long[]> origins = new ArrayList<>();
        for (long i = 0; i < shape[0]; i += block[0]) {
            for (long j = 0; j < shape[1]; j += block[1]) {
                for (long k = 0; k < shape[2]; k += block[2]) {
                    origins.add(new long[] {i, j, k});
                }
            }
        }
        Collections.shuffle(origins, rnd);
        for (long[] o : origins) {
            int[] c = new int[3];
            for (int d = 0; d < 3; d++) {
                c[d] = (int) Math.min(block[d], shape[d] - o[d]);
            }
            float[] data = new float[c[0] * c[1] * c[2]];
            int p = 0;
            for (int i = 0; i < c[0]; i++) {
                for (int j = 0; j < c[1]; j++) {
                    for (int k = 0; k < c[2]; k++) {
                        data[p++] = fn.at(o[0] + i, o[1] + j, o[2] + k);
                    }
                }
            }
            ds.write(o, c, data);
        }
    }
}
