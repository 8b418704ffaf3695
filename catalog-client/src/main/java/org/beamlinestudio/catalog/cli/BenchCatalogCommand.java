package org.beamlinestudio.catalog.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.beamlinestudio.catalog.CatalogPage;
import org.beamlinestudio.catalog.CatalogQueryParser;
import org.beamlinestudio.catalog.CatalogSort;
import org.beamlinestudio.catalog.local.CatalogStore;
import org.beamlinestudio.catalog.local.IndexedFile;
import org.beamlinestudio.catalog.local.LocalCatalog;
import org.beamlinestudio.core.plugin.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code studio bench catalog}: fills a fresh local catalog with synthetic entries (through the store the indexer
 * writes to, not real files) and times the searches a scientist types, p50 / p95 over repeated runs, against the
 * issue's limit of 100 ms at 100 000 entries. One JSON line per query.
 */
@Command(name = "catalog", description = "Benchmark local catalog searches (p50/p95 ms) on synthetic entries.")
public final class BenchCatalogCommand implements Callable<Integer> {

    /**
     * The search runs in the calling thread, SQLite's native code included, so this thread's CPU time is the
     * search's cost without the waits a busy machine adds: reported beside the wall-clock times.
     */
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** The limit for one search at 100 000 entries. */
    static final double LIMIT_MS = 100;

    /** A sample name in about one entry of fifty is "tooth". */
    static final String[] SAMPLES = {"tooth", "bone", "shale", "sandstone", "battery cathode", "catalyst pellet",
        "concrete", "wood", "foam", "meteorite", "coral", "leaf", "seed", "insect", "fossil", "ceramic", "alloy",
        "weld", "composite", "polymer", "gel", "colloid", "protein crystal", "cement", "glass", "silicon wafer",
        "solder joint", "lithium anode", "zeolite", "soil", "ice core", "snow", "hair", "cartilage", "enamel",
        "dentin", "mouse brain", "zebrafish", "root", "pollen", "paint chip", "parchment", "coin", "nanowire",
        "quantum dot", "thin film", "aerogel", "membrane", "sponge", "fibre"};
    static final String[] TECHNIQUES = {"tomography", "xpcs", "ptychography"};

    @Option(names = "--entries", defaultValue = "100000", description = "synthetic entries. Default: ${DEFAULT-VALUE}")
    int entries;

    @Option(names = "--repeats", defaultValue = "30", description = "timed runs per query. Default: ${DEFAULT-VALUE}")
    int repeats;

    @Option(names = "--page-size", defaultValue = "50", description = "entries per page. Default: ${DEFAULT-VALUE}")
    int pageSize;

    @Option(names = "--scratch", paramLabel = "DIR", description = "where the catalog file is made (default: temp)")
    Path scratch;

    @Option(names = "--reuse", description = "keep the catalog in --scratch and reuse it when it has --entries entries"
            + " (repeat the timings without filling again)")
    boolean reuse;

    @Spec
    CommandSpec spec;

    /** One timed search. */
    record Case(String name, String text, int page) {
    }

    static List<Case> cases() {
        return List.of(
                new Case("words", "tooth", 0),
                new Case("numeric", "energy > 20", 0),
                new Case("field+numeric+sort", "sample:tooth energy>20 sort newest", 0),
                new Case("date range", "date:2026-06-01..2026-06-30", 0),
                new Case("page 50", "", 50),
                new Case("words page 50", "scan", 50),
                new Case("sort by metadata", "energy>10 sort:-energy", 0));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = scratch != null ? scratch : Files.createTempDirectory("studio-bench-catalog");
        Path dbFile = dir.resolve("bench-catalog-" + entries + ".db");
        boolean keep = reuse && scratch != null;
        if (!keep) {
            for (String s : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + s));
            }
        }
        try (LocalCatalog catalog = LocalCatalog.open(dbFile, PluginRegistry.of(List.of()))) {
            if (keep && catalog.size() == entries) {
                err.printf(Locale.ROOT, "# reusing %s (%d entries, %.1f MB)%n", dbFile, entries, sizeMb(dbFile));
            } else {
                long t0 = System.nanoTime();
                fill(catalog.store(), entries, 20261121L);
                double fillSec = (System.nanoTime() - t0) / 1e9;
                err.printf(Locale.ROOT, "# %d synthetic entries stored in %.1f s (%.0f entries/s), catalog file %.1f MB%n",
                        entries, fillSec, entries / fillSec, sizeMb(dbFile));
                out.printf(Locale.ROOT, "{\"bench\":\"catalog\",\"phase\":\"fill\",\"entries\":%d,\"seconds\":%.2f,"
                        + "\"entries_per_s\":%.0f,\"db_mb\":%.1f}%n", entries, fillSec, entries / fillSec, sizeMb(dbFile));
                out.flush();
            }
            boolean allOk = true;
            for (Case c : cases()) {
                CatalogQueryParser.Parsed parsed = CatalogQueryParser.parseWithSort(c.text());
                CatalogSort sort = parsed.sort().orElse(CatalogSort.newestFirst());
                int offset = c.page() * pageSize;
                CatalogPage last = null;
                for (int i = 0; i < 3; i++) {
                    last = catalog.search(parsed.query(), sort, offset, pageSize);
                }
                double[] ms = new double[repeats];
                double[] cpu = new double[repeats];
                for (int i = 0; i < repeats; i++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long s0 = System.nanoTime();
                    last = catalog.search(parsed.query(), sort, offset, pageSize);
                    ms[i] = (System.nanoTime() - s0) / 1e6;
                    cpu[i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
                }
                Arrays.sort(ms);
                Arrays.sort(cpu);
                double p50 = percentile(ms, 0.50);
                double p95 = percentile(ms, 0.95);
                boolean ok = p95 <= LIMIT_MS;
                allOk &= ok;
                out.printf(Locale.ROOT, "{\"bench\":\"catalog\",\"query\":\"%s\",\"text\":\"%s\",\"page\":%d,"
                                + "\"entries\":%d,\"total\":%d,\"returned\":%d,\"p50_ms\":%.2f,\"p95_ms\":%.2f,"
                                + "\"max_ms\":%.2f,\"cpu_p50_ms\":%.2f,\"cpu_p95_ms\":%.2f,\"limit_ms\":%.0f,\"ok\":%b,"
                                + "\"load1\":%.2f}%n",
                        c.name(), c.text().replace("\"", "\\\""), c.page(), entries, last.total(),
                        last.entries().size(), p50, p95, ms[ms.length - 1], percentile(cpu, 0.5), percentile(cpu, 0.95),
                        LIMIT_MS, ok,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                out.flush();
            }
            err.println(allOk ? "# every query within " + (int) LIMIT_MS + " ms at p95"
                    : "# some queries over " + (int) LIMIT_MS + " ms at p95");
        } finally {
            if (scratch == null) {
                for (String s : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + s));
                }
                Files.deleteIfExists(dir);
            }
        }
        return 0;
    }

    private static double sizeMb(Path db) {
        double total = 0;
        for (String s : new String[] {"", "-wal"}) {
            try {
                total += Files.size(db.resolveSibling(db.getFileName() + s));
            } catch (java.io.IOException e) {
                // no WAL after a checkpoint
            }
        }
        return total / 1e6;
    }

    static double percentile(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /**
     * Synthetic entries shaped like a facility's year: file paths by beamtime, a sample name, energy 5–40 keV,
     * pixel size, angles or frames, a scan id, dates over 2026 up to the day of the bench's writing, plus a dozen
     * flattened NeXus paths each, as the indexer writes them.
     */
    static void fill(CatalogStore store, int n, long seed) throws Exception {
        Random rnd = new Random(seed);
        long from = LocalDate.of(2026, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long to = LocalDate.of(2026, 11, 21).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        List<IndexedFile> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String technique = TECHNIQUES[i % TECHNIQUES.length];
            String sample = SAMPLES[rnd.nextInt(SAMPLES.length)];
            long modified = from + (long) (rnd.nextDouble() * (to - from));
            String beamtime = "beamtime_" + (i / 2000);
            String name = sample.replace(' ', '_') + "_scan_" + String.format(Locale.ROOT, "%06d", i) + ".h5";
            Path file = Path.of("/synthetic", technique, beamtime, name);
            double energy = Math.round((5 + 35 * rnd.nextDouble()) * 1000) / 1000.0;
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("main_dataset", technique.equals("tomography") ? "/exchange/data" : "/entry/data/data");
            meta.put("sample", sample);
            meta.put("energy", energy);
            meta.put("pixel_size", Math.round(rnd.nextDouble() * 10000) / 1000.0);
            long frames = 100 + rnd.nextInt(3000);
            meta.put(technique.equals("tomography") ? "angles" : "frames", frames);
            meta.put("scan_id", (long) (10000 + i));
            meta.put("start_time", Instant.ofEpochMilli(modified).toString());
            meta.put("title", sample + " " + technique + " scan " + i);
            meta.put("proposal", Long.toString(60000 + i / 2000));
            meta.put("/entry@NX_class", "NXentry");
            meta.put("/entry/definition", technique.equals("tomography") ? "NXtomo" : "NXxpcs");
            meta.put("/entry/instrument/source/energy", energy);
            meta.put("/entry/instrument/source/energy@units", "keV");
            meta.put("/entry/instrument/detector/x_pixel_size", (Double) meta.get("pixel_size") * 1e-6);
            meta.put("/entry/instrument/detector/distance", 0.1 + rnd.nextDouble() * 5);
            meta.put("/entry/instrument/detector/count_time", 0.001 * (1 + rnd.nextInt(100)));
            meta.put("/entry/sample/name", sample);
            meta.put("/entry/sample/temperature", 273.15 + rnd.nextInt(100));
            meta.put("/entry/start_time", Instant.ofEpochMilli(modified).toString());
            long[] shape = technique.equals("ptychography") ? new long[] {frames, 128, 128}
                    : new long[] {frames, 2048, 2048};
            batch.add(new IndexedFile(file, technique, Instant.ofEpochMilli(modified),
                    frames * 2048L * 2048 * 2, shape, meta, Optional.empty()));
            if (batch.size() == 5000) {
                store.upsertAll(batch);
                batch.clear();
            }
        }
        store.upsertAll(batch);
    }
}
