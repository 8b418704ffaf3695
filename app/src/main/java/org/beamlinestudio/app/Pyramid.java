package org.beamlinestudio.app;

import java.io.IOException;
import java.nio.file.Path;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.data.MultiscaleDataset;
import org.beamlinestudio.core.data.SidecarBlockStore;
import org.beamlinestudio.core.data.SidecarCleanup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A volume's coarse levels with the sidecar store that keeps them between sessions (null when the cache folder
 * cannot be used: the levels are then computed in memory only). Opened off the FX thread; closed with its tab.
 */
record Pyramid(MultiscaleDataset levels, SidecarBlockStore store) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pyramid.class);

    /** Where the stores go (null: {@link SidecarBlockStore#defaultRoot()}) and how much disk they may take. */
    private static volatile Path root;
    private static volatile long maxBytes = SidecarCleanup.DEFAULT_MAX_BYTES;

    /** The settings' limit of the pyramid cache folder (and, for tests, another folder). */
    static void configure(Path storesRoot, long limitBytes) {
        root = storesRoot;
        maxBytes = limitBytes > 0 ? limitBytes : SidecarCleanup.DEFAULT_MAX_BYTES;
    }

    /** The folder of the stores. */
    static Path root() {
        Path r = root;
        return r != null ? r : SidecarBlockStore.defaultRoot();
    }

    /** The disk limit of the stores' folder. */
    static long maxBytes() {
        return maxBytes;
    }

    /**
     * The pyramid of a 3-D dataset (the three axes reduced) with its store, after trimming the folder to its
     * limit. Blocks on disk I/O: never on the FX thread.
     */
    static Pyramid open(LazyDataset ds) {
        Path r = root();
        trim();
        try {
            SidecarBlockStore store = SidecarBlockStore.open(r, ds, 3, SidecarBlockStore.DEFAULT_MAX_LEVEL_BYTES);
            return new Pyramid(new MultiscaleDataset(ds, 3, store), store);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot keep the coarse levels of {} in {} ({}): they are computed in memory this time",
                    ds.path(), r, e.toString());
            return new Pyramid(new MultiscaleDataset(ds, 3, null), null);
        }
    }

    /** Removes least recently used stores beyond the limit; problems are logged. */
    static void trim() {
        try {
            SidecarCleanup.trim(root(), maxBytes);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot trim the pyramid cache {} to {} MB: {}", root(), maxBytes >> 20, e.toString());
        }
    }

    /**
     * The level the views preview XY slices from (as {@code PlaneLoader.previewLevel}): the coarsest whose XY plane
     * still has {@code previewMinSide} pixels along its longer side; 0 when there is none.
     */
    int previewLevel(int previewMinSide) {
        int best = 0;
        for (int k = 1; k < levels.levelCount(); k++) {
            long[] s = levels.shape(k);
            if (Math.max(s[1], s[2]) >= previewMinSide) {
                best = k;
            }
        }
        return best;
    }

    /** Whether the XY preview level is complete in the sidecar store (a preview then needs no base reads). */
    boolean previewKept() {
        int k = previewLevel(org.beamlinestudio.viewer.ortho.PlaneLoader.PREVIEW_MIN_SIDE);
        return store != null && k >= 1 && store.isComplete(k);
    }

    @Override
    public void close() {
        if (store != null) {
            try {
                store.close();
            } catch (IOException e) {
                LOG.warn("Closing the pyramid store {}: {}", store.directory(), e.toString());
            }
        }
    }
}
