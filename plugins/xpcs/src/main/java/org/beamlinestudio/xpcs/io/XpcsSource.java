package org.beamlinestudio.xpcs.io;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.xpcs.qmap.QMap;

/**
 * An opened XPCS raw file: the frame stack ({@link DataKind#IMAGE_STACK}), its acquisition metadata and the
 * q-map found for it. Vectors: {@code frameTimeSeconds}, {@code countTimeSeconds} (one value each).
 */
public final class XpcsSource implements OpenedSource {

    private final Path file;
    private final String readerId;
    private final Hdf5File h5;
    private final LazyDataset frames;
    private final Aps8idiMetadata metadata;
    private final Path metadataFile;
    private final QMap qmap;
    private final Path qmapFile;
    private final Map<String, String> keyMetadata;

    XpcsSource(Path file, String readerId, Hdf5File h5, LazyDataset frames, Aps8idiMetadata metadata,
               Path metadataFile, QMap qmap, Path qmapFile, Map<String, String> keyMetadata) {
        this.file = file;
        this.readerId = readerId;
        this.h5 = h5;
        this.frames = frames;
        this.metadata = metadata;
        this.metadataFile = metadataFile;
        this.qmap = qmap;
        this.qmapFile = qmapFile;
        this.keyMetadata = keyMetadata;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public String readerId() {
        return readerId;
    }

    @Override
    public DataKind kind() {
        return DataKind.IMAGE_STACK;
    }

    @Override
    public LazyDataset primary() {
        return frames;
    }

    /** The frames as a stream for a correlator; closing it does not close this source. */
    public FrameSource frameSource() {
        try {
            return new Hdf5FrameSource(frames, null);
        } catch (org.beamlinestudio.core.data.DataFileException e) {
            throw new IllegalStateException("checked when opened", e);
        }
    }

    /** Acquisition metadata. */
    public Aps8idiMetadata metadata() {
        return metadata;
    }

    /** The metadata file read, or null when the geometry was given as options. */
    public Path metadataFile() {
        return metadataFile;
    }

    /** The q-map, when one was found or given. */
    public Optional<QMap> qmap() {
        return Optional.ofNullable(qmap);
    }

    /** The q-map file read, when one was found or given. */
    public Optional<Path> qmapFile() {
        return Optional.ofNullable(qmapFile);
    }

    @Override
    public Optional<LazyDataset> array(String role) {
        return Optional.empty();
    }

    @Override
    public Optional<double[]> vector(String role) {
        if ("frameTimeSeconds".equals(role)) {
            return Optional.of(new double[] {metadata.frameTimeS()});
        }
        if ("countTimeSeconds".equals(role)) {
            return Optional.of(new double[] {metadata.countTimeS()});
        }
        return Optional.empty();
    }

    @Override
    public Map<String, String> keyMetadata() {
        return keyMetadata;
    }

    @Override
    public void close() {
        h5.close();
    }
}
