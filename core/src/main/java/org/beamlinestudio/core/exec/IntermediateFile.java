package org.beamlinestudio.core.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingDataset;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;

/**
 * Data between two segments of a run that stream along different axes: written as it is produced
 * into a chunked, uncompressed HDF5 file whose chunks are small along both the axis it is written
 * along and the axis it will be read along, so both directions touch few bytes they do not need.
 * Lives beside the output (where the user made room) under a hidden name, and is deleted after use.
 */
final class IntermediateFile implements AutoCloseable {

    /** Extent of a chunk along the written and the read axis. */
    static final int CHUNK_EXTENT = 8;
    private static final String DATASET = "/data";

    private final Path file;
    private final StreamingHdf5Writer writer;
    private final StreamingDataset data;
    private Hdf5File reader;

    IntermediateFile(Path folder, String name, long[] shape, int writeAxis, int readAxis) throws IOException {
        Files.createDirectories(folder);
        this.file = folder.resolve("." + name + ".h5");
        Files.deleteIfExists(file);
        int[] chunk = new int[shape.length];
        for (int a = 0; a < shape.length; a++) {
            long extent = (a == writeAxis || a == readAxis) ? Math.min(CHUNK_EXTENT, shape[a]) : shape[a];
            chunk[a] = (int) Math.max(1, extent);
        }
        this.writer = StreamingHdf5Writer.create(file);
        this.data = writer.createDataset(DATASET, ElementType.FLOAT32, shape, Layout.chunked(chunk));
    }

    void write(FloatBlock block) throws IOException {
        data.write(block.origin(), block.shape(), block.data());
    }

    /** Finishes writing and opens the data for reading along the next axis. */
    LazyDataset finishAndOpen() throws IOException {
        writer.commit();
        try {
            reader = Hdf5File.open(file);
            return reader.dataset(DATASET);
        } catch (DataFileException e) {
            throw new IOException("cannot read back the intermediate " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
        try {
            writer.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(IntermediateFile.class).warn("could not remove {}: {}", file, e.toString());
        }
    }
}
