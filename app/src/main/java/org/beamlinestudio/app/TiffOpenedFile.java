package org.beamlinestudio.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.H5Node;
import org.beamlinestudio.core.tiff.TiffStack;

/**
 * A TIFF stack (a folder of slices, e.g. an export, or a multi-page TIFF) as the shell sees files: a root
 * group whose attributes are the stack's facts and its {@code pipeline.json} sidecar, holding one lazy
 * (slice, y, x) dataset at {@link TiffStack#DATASET_PATH}.
 */
public final class TiffOpenedFile implements OpenedFile {

    private final TiffStack stack;
    private final H5DatasetInfo info;
    private final H5Group root;

    private TiffOpenedFile(TiffStack stack) {
        this.stack = stack;
        LazyDataset ds = stack.dataset();
        List<H5Attribute> dsAttrs = new ArrayList<>();
        dsAttrs.add(text("files", stack.isMultiPage() ? stack.path().getFileName().toString()
                : stack.files().size() + " TIFF files"));
        this.info = new H5DatasetInfo(TiffStack.DATASET_PATH, dsAttrs, Optional.empty(), ds.shape(), ds.elementType(),
                ds.elementType().numpyName(), stack.isMultiPage() ? "TIFF pages" : "TIFF files", null, List.of(), -1,
                Optional.empty());
        List<H5Attribute> rootAttrs = new ArrayList<>();
        for (Map.Entry<String, String> e : stack.facts().entrySet()) {
            rootAttrs.add(text(e.getKey(), e.getValue()));
        }
        stack.sidecarJson().ifPresent(json -> rootAttrs.add(text(TiffStack.SIDECAR, json)));
        this.root = new H5Group("/", rootAttrs, Optional.empty(), List.<H5Node>of(info));
    }

    private static H5Attribute text(String name, String value) {
        return new H5Attribute(name, "string", new long[0], value);
    }

    /** Opens a folder of TIFF slices or a TIFF file (reads headers only). */
    public static OpenedFile open(Path folderOrFile) throws DataFileException {
        return new TiffOpenedFile(TiffStack.open(folderOrFile));
    }

    @Override
    public Path path() {
        return stack.path();
    }

    @Override
    public H5Group root() {
        return root;
    }

    @Override
    public List<H5DatasetInfo> datasets() {
        return List.of(info);
    }

    @Override
    public LazyDataset dataset(String path) throws DataFileException {
        if (!TiffStack.DATASET_PATH.equals(path)) {
            throw new DataFileException(stack.path(), path, "no such dataset",
                    "the stack's only dataset " + TiffStack.DATASET_PATH);
        }
        return stack.dataset();
    }

    @Override
    public void close() {
        // Nothing held open: every slice read opens and closes its file.
    }
}
