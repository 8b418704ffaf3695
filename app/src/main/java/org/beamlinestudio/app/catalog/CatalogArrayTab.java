package org.beamlinestudio.app.catalog;

import java.util.concurrent.Executor;
import javafx.scene.control.Tab;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.viewer.SliceView;

/** A tab showing a remote (Tiled) array in the slice view, which reads only the blocks it shows. */
public final class CatalogArrayTab extends Tab {
    private final SliceView sliceView;

    /** A tab titled {@code title} showing {@code array}. FX thread. */
    public CatalogArrayTab(String title, LazyDataset array, Executor io) {
        super(title);
        setId("catalogArrayTab");
        sliceView = new SliceView(io);
        sliceView.setId("catalogArraySlice");
        setContent(sliceView);
        sliceView.show(array);
        setOnClosed(e -> sliceView.showMessage("closed"));
    }

    /** The slice view. */
    public SliceView sliceView() {
        return sliceView;
    }
}
