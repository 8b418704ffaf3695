package org.beamlinestudio.app;

import java.util.Arrays;
import java.util.concurrent.Executor;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.viewer.iso.IsosurfaceView;

/**
 * The file tab's "Isosurface" layout: the isosurface view for a dataset of 3 or more dimensions, a message naming
 * the dataset for anything flatter. The view is made on first use. FX thread.
 */
final class IsosurfaceLayout {
    private final Executor io;
    private final Label notVolume = new Label();
    private IsosurfaceView view;
    private LazyDataset shown;

    IsosurfaceLayout(Executor io) {
        this.io = io;
        notVolume.setId("isoNotVolume");
        notVolume.setWrapText(true);
        notVolume.setAlignment(Pos.CENTER);
        notVolume.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
    }

    /** The node to show for {@code ds}; a dataset already shown is not read again. */
    Node show(LazyDataset ds) {
        if (ds.rank() < 3) {
            notVolume.setText("An isosurface needs a 3-D volume: " + ds.path() + " in " + ds.file().getFileName()
                    + " has shape " + Arrays.toString(ds.shape()) + ". Choose a 3-D dataset or another layout.");
            return notVolume;
        }
        IsosurfaceView v = view();
        if (ds != shown || v.stateProperty().get() == IsosurfaceView.State.FAILED
                || v.stateProperty().get() == IsosurfaceView.State.EMPTY) {
            shown = ds;
            v.show(ds);
        }
        return v;
    }

    /** The isosurface view (made on first use). */
    IsosurfaceView view() {
        if (view == null) {
            view = new IsosurfaceView(io);
        }
        return view;
    }

    /** Stops a read or mesh in progress (the tab is closing). */
    void close() {
        if (view != null) {
            view.cancel();
        }
    }
}
