package org.beamlinestudio.app.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.beamlinestudio.core.data.LazyDataset;

/** Records what the panel asked the shell to do. */
final class RecordingActions implements CatalogActions {
    final List<Path> opened = new CopyOnWriteArrayList<>();
    final List<LazyDataset> arrays = new CopyOnWriteArrayList<>();
    final List<String> arrayTitles = new CopyOnWriteArrayList<>();
    final List<List<Path>> batches = new CopyOnWriteArrayList<>();

    @Override
    public void openFile(Path file) {
        opened.add(file);
    }

    @Override
    public void openArray(String title, LazyDataset array) {
        arrayTitles.add(title);
        arrays.add(array);
    }

    @Override
    public void runPipeline(List<Path> files) {
        batches.add(List.copyOf(files));
    }
}
