package org.beamlinestudio.catalog.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.beamlinestudio.catalog.Catalog;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.catalog.CatalogPage;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.catalog.CatalogSort;
import org.beamlinestudio.core.StudioDirs;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded catalog of the user's folders: an SQLite file in the user's data directory
 * ({@link #defaultDatabaseFile()}), filled by {@link #rescan} and kept current by {@link #startWatching()}.
 * Entries are files; their id is the absolute path; an entry that could not be read carries
 * {@link CatalogStore#ERROR_KEY} in its metadata. Thread-safe; no call may run on the FX thread.
 */
public final class LocalCatalog implements Catalog {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCatalog.class);

    /** The catalog's id in settings. */
    public static final String ID = "local";

    private final CatalogDatabase db;
    private final CatalogStore store;
    private final FileIndexer indexer;
    private final FolderScanner scanner;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Duration debounce;
    private FolderWatcher watcher;

    private LocalCatalog(CatalogDatabase db, CatalogStore store, FileIndexer indexer, Duration debounce) {
        this.db = db;
        this.store = store;
        this.indexer = indexer;
        this.scanner = new FolderScanner(store, indexer);
        this.debounce = debounce;
    }

    /** {@code <data dir>/catalog/catalog.db}, see {@link StudioDirs#data()}. */
    public static Path defaultDatabaseFile() {
        return StudioDirs.data().resolve("catalog").resolve("catalog.db");
    }

    /**
     * Opens (creating when absent) the catalog. A damaged, foreign or newer file is moved aside and a new one
     * made; {@link #recoveryNote()} then says so.
     *
     * @param registry whose readers' probes tell each file's technique
     * @throws CatalogException when no usable catalog can be made at that place (read-only folder, disk full)
     */
    public static LocalCatalog open(Path databaseFile, PluginRegistry registry) throws CatalogException {
        return open(databaseFile, registry, Duration.ofMillis(500));
    }

    /** Opens with a given watcher debounce (tests use a short one). */
    public static LocalCatalog open(Path databaseFile, PluginRegistry registry, Duration debounce)
            throws CatalogException {
        CatalogDatabase db = CatalogDatabase.open(databaseFile);
        CatalogStore store = new CatalogStore(db, ID);
        return new LocalCatalog(db, store, new FileIndexer(registry), debounce);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Local folders";
    }

    /** The database file. */
    public Path databaseFile() {
        return db.file();
    }

    /** Set when the previous catalog file could not be used and was moved aside; tell the user. */
    public Optional<String> recoveryNote() {
        return db.recoveryNote();
    }

    /** The store (the bench fills it directly). */
    public CatalogStore store() {
        return store;
    }

    /** The folders the user added. */
    public List<Path> folders() throws CatalogException {
        return store.folders();
    }

    /**
     * Adds a folder (recursive). It is watched at once when watching; its files are indexed by the next
     * {@link #rescan} (the panel calls it after adding).
     *
     * @throws CatalogException when the path is not a folder
     */
    public void addFolder(Path folder) throws CatalogException {
        Path abs = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new CatalogException("cannot add " + abs + " to the local catalog: "
                    + (Files.exists(abs) ? "it is a file, not a folder" : "no such folder"));
        }
        store.addFolder(abs);
        synchronized (this) {
            if (watcher != null) {
                watcher.watch(abs);
            }
        }
        fire();
    }

    /** Removes a folder and its entries. */
    public void removeFolder(Path folder) throws CatalogException {
        Path abs = folder.toAbsolutePath().normalize();
        synchronized (this) {
            if (watcher != null) {
                watcher.unwatch(abs);
            }
        }
        store.removeFolder(abs);
        fire();
    }

    /** What a rescan did. */
    public record ScanSummary(int indexed, int unchanged, int removed, int failed, List<String> problems) {
    }

    /**
     * Brings every folder's entries up to date: new and changed files (size or date) are indexed, unchanged ones
     * skipped, removed ones dropped. A folder that is not there now keeps its entries (a disk may be unmounted).
     *
     * @throws Cancellation.CancelledException when cancelled (entries indexed so far are kept)
     */
    public ScanSummary rescan(Progress progress, Cancellation cancel)
            throws CatalogException, Cancellation.CancelledException {
        List<Path> folders = store.folders();
        FolderScanner.Summary sum = new FolderScanner.Summary(0, 0, 0, 0);
        List<String> problems = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < folders.size(); i++) {
                Progress sub = progress.sub((double) i / folders.size(), (double) (i + 1) / folders.size());
                try {
                    sum = sum.plus(scanner.scan(folders.get(i), sub, cancel));
                } catch (FolderScanner.FolderMissing e) {
                    problems.add(e.getMessage());
                }
            }
        } finally {
            fire();
        }
        return new ScanSummary(sum.indexed(), sum.unchanged(), sum.removed(), sum.failed(), problems);
    }

    /** Indexes one file now (e.g. a file the app just wrote) and returns its entry. */
    public CatalogEntry index(Path file) throws CatalogException {
        IndexedFile f = indexer.index(file);
        store.upsert(f);
        fire();
        return store.entry(f.file().toString()).orElseThrow();
    }

    /** Starts watching every folder for new, changed and removed files. Idempotent; {@link #close()} stops it. */
    public synchronized void startWatching() throws CatalogException {
        if (watcher != null) {
            return;
        }
        watcher = new FolderWatcher(store, indexer, p -> fire(), debounce, debounce.multipliedBy(10));
        for (Path f : store.folders()) {
            watcher.watch(f);
        }
    }

    /** Calls {@code changed} (off the FX thread) whenever entries change. */
    public void addListener(Runnable changed) {
        listeners.add(changed);
    }

    /** Stops calling it. */
    public void removeListener(Runnable changed) {
        listeners.remove(changed);
    }

    private void fire() {
        for (Runnable r : listeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("catalog listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public CatalogPage search(CatalogQuery query, CatalogSort sort, int offset, int limit) throws CatalogException {
        return store.search(query, sort, offset, limit);
    }

    @Override
    public CatalogEntry entry(String id) throws CatalogException {
        return store.entry(id).orElseThrow(() -> new CatalogException("the local catalog has no entry " + id
                + " (the file was removed or its folder taken out of the catalog)"));
    }

    /** How many entries there are. */
    public long size() throws CatalogException {
        return store.count();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (watcher != null) {
                watcher.close();
                watcher = null;
            }
        }
        store.close();
    }
}
