package org.beamlinestudio.app;

import java.util.concurrent.Executor;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.viewer.volume.VolumeView;

/**
 * The "Volume" layout of a file tab: a ray-cast {@link VolumeView}, made on first use (so browsing
 * never opens a device or reads a volume nobody looks at) and handed a dataset only when it changes.
 */
final class VolumeLayout {

    private final Executor io;
    private VolumeView view;
    private LazyDataset shown;

    VolumeLayout(Executor io) {
        this.io = io;
    }

    /** Whether {@code ds} can be shown as a volume: three axes of more than one voxel each. */
    static boolean isVolume(LazyDataset ds) {
        long[] s = ds.shape();
        return s.length == 3 && s[0] > 1 && s[1] > 1 && s[2] > 1;
    }

    /** The view, showing {@code ds} (a 3-D dataset). FX thread. */
    VolumeView show(LazyDataset ds) {
        if (view == null) {
            view = new VolumeView(io);
        }
        if (ds != shown) {
            shown = ds;
            view.show(ds);
        }
        return view;
    }

    /** The view, or null before it was first needed. */
    VolumeView view() {
        return view;
    }

    /** Stops the view's loading and rendering and frees its device. */
    void close() {
        if (view != null) {
            view.close();
        }
    }
}
