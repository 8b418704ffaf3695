package org.beamlinestudio.catalog.local;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog current while the app runs: a {@link WatchService} on every folder and sub-folder (new
 * sub-folders are registered as they appear). Events on a file are debounced (a file being written fires many):
 * the file is indexed once it has been quiet for the debounce time, or after {@code maxDelay} while it keeps
 * growing, so a long acquisition still shows up. A file that cannot be read yet (half-written, locked, truncated)
 * gets an entry with its error and is retried with a growing delay; a file that then grows is indexed again.
 * Nothing here throws into the watch thread: failures are logged and the watcher goes on.
 */
final class FolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);
    private static final int MAX_RETRIES = 8;
    private static final long MAX_RETRY_DELAY_MS = 60_000;

    private final CatalogStore store;
    private final FileIndexer indexer;
    private final FolderScanner scanner;
    private final Consumer<Path> changed;
    private final long debounceMs;
    private final long maxDelayMs;
    private final WatchService watch;
    private final ScheduledExecutorService worker;
    private final Thread poller;
    private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
    private final Map<Path, Pending> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A file waiting to be indexed: when its events began, its scheduled run, how often it has failed. */
    private record Pending(long firstEventMs, ScheduledFuture<?> future, int attempt) {
    }

    FolderWatcher(CatalogStore store, FileIndexer indexer, Consumer<Path> changed, Duration debounce, Duration maxDelay)
            throws CatalogException {
        this.store = store;
        this.indexer = indexer;
        this.scanner = new FolderScanner(store, indexer);
        this.changed = changed;
        this.debounceMs = debounce.toMillis();
        this.maxDelayMs = Math.max(debounce.toMillis(), maxDelay.toMillis());
        try {
            this.watch = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new CatalogException("cannot watch folders for new files: " + e.getMessage(), e);
        }
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "catalog-indexer");
            t.setDaemon(true);
            return t;
        });
        this.poller = new Thread(this::poll, "catalog-watcher");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    /** Watches a folder and everything below it. */
    void watch(Path folder) {
        registerTree(folder, false);
    }

    /** Stops watching a folder and its sub-folders. */
    void unwatch(Path folder) {
        keys.entrySet().removeIf(e -> {
            if (e.getValue().startsWith(folder)) {
                e.getKey().cancel();
                return true;
            }
            return false;
        });
    }

    private void registerTree(Path root, boolean scheduleFiles) {
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    Path n = dir.getFileName();
                    if (n != null && n.toString().startsWith(".") && !dir.equals(root)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    register(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (scheduleFiles && FileIndexer.isIndexable(file)) {
                        schedule(file.toAbsolutePath().normalize(), 0);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("catalog watcher: cannot walk {}: {}", root, e.toString());
        }
    }

    private void register(Path dir) {
        try {
            WatchKey k = dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            keys.put(k, dir.toAbsolutePath().normalize());
        } catch (IOException | ClosedWatchServiceException e) {
            // inotify's watch limit, a folder removed meanwhile: that folder is caught by the next rescan
            LOG.warn("catalog watcher: cannot watch {}: {}", dir, e.toString());
        }
    }

    private void poll() {
        while (!closed) {
            WatchKey key;
            try {
                key = watch.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir = keys.get(key);
            try {
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        if (dir != null) {
                            worker.execute(() -> rescan(dir));
                        }
                        continue;
                    }
                    if (dir == null) {
                        continue;
                    }
                    Path p = dir.resolve((Path) event.context()).toAbsolutePath().normalize();
                    if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                        worker.execute(() -> deleted(p));
                    } else if (Files.isDirectory(p)) {
                        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                            // files may have landed before the new folder was registered: look at them too
                            registerTree(p, true);
                        }
                    } else if (FileIndexer.isIndexable(p)) {
                        schedule(p, 0);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("catalog watcher: event on {} not handled: {}", dir, e.toString());
            } finally {
                if (!key.reset()) {
                    keys.remove(key);
                }
            }
        }
    }

    /** (Re)schedules a file: debounced, but never later than maxDelay after its first event. */
    private void schedule(Path file, int attempt) {
        if (closed) {
            return;
        }
        long now = System.currentTimeMillis();
        pending.compute(file, (f, old) -> {
            long first = old == null || attempt > 0 ? now : old.firstEventMs();
            if (old != null) {
                old.future().cancel(false);
            }
            long delay = attempt > 0 ? retryDelay(attempt) : Math.min(debounceMs, Math.max(0, first + maxDelayMs - now));
            try {
                ScheduledFuture<?> fut = worker.schedule(() -> run(f), delay, TimeUnit.MILLISECONDS);
                return new Pending(first, fut, attempt > 0 ? attempt : 0);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return old;
            }
        });
    }

    private long retryDelay(int attempt) {
        return Math.min(MAX_RETRY_DELAY_MS, Math.max(debounceMs, 250) * (1L << Math.min(attempt, 16)));
    }

    private void run(Path file) {
        Pending p = pending.remove(file);
        int attempt = p == null ? 0 : p.attempt();
        try {
            if (!Files.exists(file)) {
                deleted(file);
                return;
            }
            IndexedFile entry = indexer.index(file);
            store.upsert(entry);
            changed.accept(file);
            if (entry.error().isPresent() && attempt < MAX_RETRIES && !pending.containsKey(file)) {
                LOG.info("catalog: {} not readable yet (try {}): {}", file, attempt + 1, entry.error().get());
                schedule(file, attempt + 1);
            }
        } catch (CatalogException | RuntimeException e) {
            LOG.warn("catalog watcher: cannot index {}: {}", file, e.getMessage());
        }
    }

    private void deleted(Path p) {
        try {
            Pending was = pending.remove(p);
            if (was != null) {
                was.future().cancel(false);
            }
            boolean any = store.delete(p);
            // a deleted folder: drop everything that was under it
            for (Path under : store.fileStates(p).keySet()) {
                store.delete(under);
                any = true;
            }
            if (any) {
                changed.accept(p);
            }
        } catch (CatalogException | RuntimeException e) {
            LOG.warn("catalog watcher: cannot drop {}: {}", p, e.getMessage());
        }
    }

    private void rescan(Path dir) {
        try {
            scanner.scan(dir, Progress.NONE, new Cancellation());
            changed.accept(dir);
        } catch (CatalogException | Cancellation.CancelledException | RuntimeException e) {
            LOG.warn("catalog watcher: rescan of {} after lost events failed: {}", dir, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.toString());
        }
        worker.shutdownNow();
        try {
            poller.join(2000);
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
