package org.beamlinestudio.core.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.hdf5.write.AttributeValue;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingDataset;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.beamlinestudio.core.stage.Chunk;

/**
 * Writes a result as one float32 HDF5 dataset, {@code /exchange/data} (Data Exchange convention),
 * streamed slab by slab as chunks arrive, with the provenance in {@code /process}. Chunked along the
 * stream axis with shuffle + deflate, one chunk per index of that axis, so each slab the pipeline
 * produces completes whole chunks and nothing is buffered. Published atomically on commit.
 */
public final class Hdf5Sink implements OutputSink {

    /** Path of the result dataset. */
    public static final String DATASET = "/exchange/data";
    /** Group holding the provenance. */
    public static final String PROCESS = "/process";
    /** Attribute of {@link #PROCESS} holding the pipeline JSON with its run block. */
    public static final String PIPELINE_ATTRIBUTE = "pipeline";

    private final StreamingHdf5Writer writer;
    private final StreamingDataset data;

    /**
     * @param target     the final file; must not exist (results are never overwritten)
     * @param fullShape  shape of the whole result
     * @param streamAxis the axis the result arrives along
     */
    public Hdf5Sink(Path target, long[] fullShape, int streamAxis) throws IOException {
        this(target, fullShape, streamAxis, ElementType.FLOAT32);
    }

    /**
     * A result stored as {@code type} (e.g. UINT16 for an export rescaled to 16 bits): float values are
     * rounded and range-checked into it as they are written.
     */
    public Hdf5Sink(Path target, long[] fullShape, int streamAxis, ElementType type) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            throw new IOException(abs + " already exists: choose another output name (results are never overwritten)");
        }
        Files.createDirectories(abs.getParent());
        int[] chunk = new int[fullShape.length];
        for (int a = 0; a < fullShape.length; a++) {
            chunk[a] = a == streamAxis ? 1 : Math.toIntExact(fullShape[a]);
        }
        writer = StreamingHdf5Writer.create(abs);
        try {
            writer.createGroup("/exchange");
            writer.createGroup(PROCESS);
            data = writer.createDataset(DATASET, type, fullShape,
                    Layout.chunked(chunk).shuffle().deflate(1));
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    @Override
    public void write(Chunk chunk) throws IOException {
        FloatBlock b = chunk.block();
        data.write(b.origin(), b.shape(), b.data());
    }

    @Override
    public Path commit(String provenanceJson) throws IOException {
        writer.setAttribute(PROCESS, PIPELINE_ATTRIBUTE, AttributeValue.string(provenanceJson));
        writer.commit();
        return writer.target();
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(Hdf5Sink.class).warn("could not remove the partial {}: {}",
                    writer.temporaryFile(), e.toString());
        }
    }
}
