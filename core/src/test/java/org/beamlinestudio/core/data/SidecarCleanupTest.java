package org.beamlinestudio.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingDataset;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarCleanupTest {
    private static final long MB = 1 << 20;

    @TempDir
    Path dir;

    /** A store folder of {@code mb} megabytes last used {@code minutesAgo} minutes ago. */
    private Path fakeStore(String name, int mb, int minutesAgo) throws Exception {
        Path d = Files.createDirectories(dir.resolve("pyramids").resolve(name));
        Files.write(d.resolve("level-1.f32"), new byte[(int) (mb * MB)]);
        Path key = Files.writeString(d.resolve("key.txt"), "file=" + name);
        Files.setLastModifiedTime(key, FileTime.fromMillis(System.currentTimeMillis() - minutesAgo * 60_000L));
        return d;
    }

    @Test
    void removesLeastRecentlyUsedStoresUntilUnderTheLimit() throws Exception {
        Path oldest = fakeStore("a", 3, 30);
        Path middle = fakeStore("b", 3, 20);
        Path newest = fakeStore("c", 3, 10);

        SidecarCleanup.Result r = SidecarCleanup.trim(dir.resolve("pyramids"), 7 * MB);

        assertThat(r.storesRemoved()).isEqualTo(1);
        assertThat(oldest).doesNotExist();
        assertThat(middle).exists();
        assertThat(newest).exists();
        assertThat(r.bytesAfter()).isLessThanOrEqualTo(7 * MB).isGreaterThan(6 * MB);
        assertThat(r.bytesBefore()).isGreaterThan(9 * MB);

        assertThat(SidecarCleanup.trim(dir.resolve("pyramids"), 7 * MB).storesRemoved())
                .as("already within the limit").isZero();
        assertThat(SidecarCleanup.trim(dir.resolve("absent"), 0).bytesBefore()).isZero();
    }

    @Test
    void anOpenStoreIsKeptAndOpeningMarksAStoreAsRecentlyUsed() throws Exception {
        Path h5 = dir.resolve("vol.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(h5)) {
            StreamingDataset d = w.createDataset("/data", ElementType.FLOAT32, new long[] {40, 96, 96},
                    Layout.chunked(1, 96, 96));
            d.write(new long[3], new int[] {40, 96, 96}, new float[40 * 96 * 96]);
            w.commit();
        }
        Path old = fakeStore("old", 2, 60);
        Path root = dir.resolve("pyramids");
        try (Hdf5File f = Hdf5File.open(h5)) {
            SidecarBlockStore store = SidecarBlockStore.open(root, f.dataset("/data"), 3, 1L << 30);
            MultiscaleDataset ms = new MultiscaleDataset(f.dataset("/data"), 3, store);
            ms.build(1, org.beamlinestudio.core.stage.Progress.NONE, new org.beamlinestudio.core.stage.Cancellation());
            Path open = store.directory();
            assertThat(Files.getLastModifiedTime(open.resolve("key.txt")).toMillis())
                    .isGreaterThan(System.currentTimeMillis() - 60_000);
            // Make the open store the least recently used one: it must survive anyway.
            Files.setLastModifiedTime(open.resolve("key.txt"), FileTime.fromMillis(0));

            SidecarCleanup.trim(root, 0);
            assertThat(open).as("open store").exists();
            assertThat(old).doesNotExist();

            store.close();
            assertThat(store.isClosed()).isTrue();
            assertThat(SidecarCleanup.trim(root, 0).storesRemoved()).isEqualTo(1);
            assertThat(open).doesNotExist();
        }
    }
}
