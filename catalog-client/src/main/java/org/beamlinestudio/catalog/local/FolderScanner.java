package org.beamlinestudio.catalog.local;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the catalog up to date with folders on disk: indexes new files and files whose size or date changed,
 * skips unchanged ones, drops entries of files that are gone. Unreadable sub-folders are skipped, not fatal.
 */
final class FolderScanner {
    private static final Logger LOG = LoggerFactory.getLogger(FolderScanner.class);
    private static final int BATCH = 32;

    private final CatalogStore store;
    private final FileIndexer indexer;

    FolderScanner(CatalogStore store, FileIndexer indexer) {
        this.store = store;
        this.indexer = indexer;
    }

    /** What a scan did. */
    record Summary(int indexed, int unchanged, int removed, int failed) {
        Summary plus(Summary o) {
            return new Summary(indexed + o.indexed, unchanged + o.unchanged, removed + o.removed, failed + o.failed);
        }
    }

    Summary scan(Path folder, Progress progress, Cancellation cancel)
            throws CatalogException, Cancellation.CancelledException {
        progress.update(-1, "Listing " + folder);
        Map<Path, long[]> onDisk = list(folder, cancel);
        Map<Path, long[]> known = store.fileStates(folder);
        int removed = 0;
        for (Path gone : known.keySet()) {
            if (!onDisk.containsKey(gone)) {
                store.delete(gone);
                removed++;
            }
        }
        List<Path> todo = new ArrayList<>();
        int unchanged = 0;
        for (Map.Entry<Path, long[]> e : onDisk.entrySet()) {
            long[] was = known.get(e.getKey());
            // a file that could not be read is tried again even when unchanged: it may have been locked
            if (was != null && was[0] == e.getValue()[0] && was[1] == e.getValue()[1] && was[2] == 0) {
                unchanged++;
            } else {
                todo.add(e.getKey());
            }
        }
        int failed = 0;
        List<IndexedFile> batch = new ArrayList<>();
        for (int i = 0; i < todo.size(); i++) {
            cancel.check();
            Path f = todo.get(i);
            progress.update((double) i / todo.size(), "Indexing " + f.getFileName() + " (" + (i + 1) + "/" + todo.size() + ")");
            IndexedFile entry = indexer.index(f);
            if (entry.error().isPresent()) {
                failed++;
            }
            batch.add(entry);
            if (batch.size() >= BATCH) {
                store.upsertAll(batch);
                batch.clear();
            }
        }
        store.upsertAll(batch);
        progress.update(1, "Indexed " + folder + ": " + todo.size() + " new or changed, " + unchanged + " unchanged, "
                + removed + " removed");
        return new Summary(todo.size() - failed, unchanged, removed, failed);
    }

    /** Every indexable file under the folder with its size and modification time (ms). */
    static Map<Path, long[]> list(Path folder, Cancellation cancel) throws Cancellation.CancelledException {
        Map<Path, long[]> out = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            LOG.warn("catalog folder {} is not there (unplugged disk?): its entries are kept", folder);
            throw new FolderMissing(folder);
        }
        try {
            // links are followed (beamline folders often link raw data in); the JDK detects link cycles
            Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new FileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (cancel.isCancelled()) {
                        return FileVisitResult.TERMINATE;
                    }
                    Path n = dir.getFileName();
                    return n != null && n.toString().startsWith(".") && !dir.equals(folder)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && FileIndexer.isIndexable(file)) {
                        out.put(file.toAbsolutePath().normalize(),
                                new long[] {attrs.size(), attrs.lastModifiedTime().toMillis()});
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    LOG.info("catalog scan: skipping {}: {}", file, exc.toString());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("catalog scan of {} stopped: {}", folder, e.toString());
        }
        cancel.check();
        return out;
    }

    /** A catalog folder that is not on disk now: its entries stay (a network share may come back). */
    static final class FolderMissing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FolderMissing(Path folder) {
            super("the folder " + folder + " is not there (deleted, renamed, or on a disk that is not mounted);"
                    + " its entries are kept until it is removed from the catalog");
        }
    }
}
