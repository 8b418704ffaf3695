package org.beamlinestudio.app.catalog;

import java.nio.file.Path;
import java.util.List;
import org.beamlinestudio.core.data.LazyDataset;

/** What the Catalog panel asks of the shell: open what the user picked, or run a pipeline on it. FX thread. */
public interface CatalogActions {

    /** Opens a local file as a dropped file would be (its technique's perspective included). */
    void openFile(Path file);

    /** Shows a remote array in a tab with the slice view. */
    void openArray(String title, LazyDataset array);

    /** Opens the batch dialog with these files as its scans. */
    void runPipeline(List<Path> files);
}
