package org.beamlinestudio.core.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the folder of {@link SidecarBlockStore}s within a size limit by removing whole stores, least recently
 * used first (the time of each store's {@code key.txt}, set when it is opened). Stores open in this JVM are
 * never removed. Sizes are the files' lengths (the level files are sparse, so this over-counts a partly built
 * level: the limit errs on the side of the user's disk).
 */
public final class SidecarCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(SidecarCleanup.class);

    /** Default limit of the pyramid cache folder: 2 GB. */
    public static final long DEFAULT_MAX_BYTES = 2L << 30;

    /** What a trim found and did. */
    public record Result(long bytesBefore, long bytesAfter, int storesRemoved) {
    }

    private SidecarCleanup() {
    }

    /**
     * Removes least recently used stores under {@code root} until the stores there take at most {@code maxBytes}
     * (open stores are kept even when that is not enough). A missing root is empty.
     */
    public static Result trim(Path root, long maxBytes) throws IOException {
        if (!Files.isDirectory(root)) {
            return new Result(0, 0, 0);
        }
        record Store(Path dir, long bytes, long lastUsed) {
        }
        List<Store> stores = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                long bytes = folderBytes(dir);
                Path key = dir.resolve("key.txt");
                long used = Files.exists(key) ? Files.getLastModifiedTime(key).toMillis()
                        : Files.getLastModifiedTime(dir).toMillis();
                stores.add(new Store(dir.toAbsolutePath().normalize(), bytes, used));
                total += bytes;
            }
        }
        long before = total;
        int removed = 0;
        stores.sort(Comparator.comparingLong(Store::lastUsed));
        for (Store s : stores) {
            if (total <= maxBytes) {
                break;
            }
            if (SidecarBlockStore.isOpen(s.dir())) {
                continue;
            }
            try {
                deleteFolder(s.dir());
                total -= s.bytes();
                removed++;
            } catch (IOException e) {
                LOG.warn("Could not remove the pyramid store {} while trimming {} to {} bytes: {}", s.dir(), root,
                        maxBytes, e.toString());
            }
        }
        if (removed > 0) {
            LOG.info("pyramid cache {}: removed {} least recently used store(s), {} MB → {} MB (limit {} MB)", root,
                    removed, before >> 20, total >> 20, maxBytes >> 20);
        }
        return new Result(before, total, removed);
    }

    private static long folderBytes(Path dir) throws IOException {
        long sum = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                sum += a.isRegularFile() ? a.size() : 0;
            }
        }
        return sum;
    }

    private static void deleteFolder(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
