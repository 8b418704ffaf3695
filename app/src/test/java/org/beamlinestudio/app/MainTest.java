package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainTest {

    @AfterEach
    void clear() {
        System.clearProperty("studio.gui");
    }

    @Test
    void studioGuiPropertyOverridesTheEnvironment() {
        System.setProperty("studio.gui", "true");
        assertThat(Main.hasDisplay()).isTrue();
        System.setProperty("studio.gui", "false");
        assertThat(Main.hasDisplay()).isFalse();
    }

    @Test
    void dataFilesAreRecognisedByExtensionAndFoldersAreOffered() {
        assertThat(DataFiles.isDataFile(Path.of("/d/scan.H5"))).isTrue();
        assertThat(DataFiles.isDataFile(Path.of("/d/scan.nxs"))).isTrue();
        assertThat(DataFiles.isDataFile(Path.of("/d/scan.cxi"))).isTrue();
        assertThat(DataFiles.isDataFile(Path.of("/d/notes.txt"))).isFalse();
        assertThat(DataFiles.isDataFile(Path.of("/d/h5"))).isFalse();
        assertThat(DataFiles.isTiffFile(Path.of("/d/slice_0001.TIF"))).isTrue();
        // Folders are TIFF stacks: a drop offers them too (the opener decides by content).
        File folder = new File(System.getProperty("java.io.tmpdir"));
        assertThat(DataFiles.accepted(List.of(new File("/d/a.h5"), new File("/d/b.tif"), new File("/d/notes.txt"),
                folder))).containsExactly(Path.of("/d/a.h5"), Path.of("/d/b.tif"), folder.toPath());
    }
}
