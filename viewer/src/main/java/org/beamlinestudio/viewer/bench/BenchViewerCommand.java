package org.beamlinestudio.viewer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.JvmFacts;
import org.beamlinestudio.core.data.ChunkCache;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.data.MultiscaleDataset;
import org.beamlinestudio.core.data.SidecarBlockStore;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.viewer.ortho.Plane;
import org.beamlinestudio.viewer.ortho.PlaneLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code studio bench viewer}: how fast the orthogonal views get their planes from a large chunked HDF5 volume,
 * measured on the {@link PlaneLoader} (no display): time to the first image after opening (first open, and
 * reopening with the sidecar pyramid), slice-scrolling frames/s in XY, XZ and YZ cold (page cache dropped where
 * allowed, studio cache empty) and once the slab is cached, and the peak heap under the cache budget. One JSON
 * line per measurement.
 */
@Command(name = "viewer", description = "Benchmark the slice views' data path on a large chunked HDF5 volume (headless).")
public final class BenchViewerCommand implements Callable<Integer> {

    @Option(names = "--generate", paramLabel = "DIR",
            description = "write the synthetic volume into DIR first (Debian /usr/bin/python3 + h5py); deleted afterwards unless --keep")
    Path generate;

    @Option(names = "--file", paramLabel = "FILE.h5", description = "an existing volume to measure instead")
    Path file;

    @Option(names = "--dataset", defaultValue = "/exchange/data", description = "Default: ${DEFAULT-VALUE}")
    String dataset;

    @Option(names = "--shape", defaultValue = "1280x2048x2048",
            description = "generated volume z×y×x (uint16; the default is 10.7 GB). Default: ${DEFAULT-VALUE}")
    String shapeText;

    // 16x128x128 (512 KB chunks): an XY plane reads a 16-slice slab and an XZ/YZ plane one chunk row per 16 slices,
    // so first image and scrolling in all three planes meet their targets; 64³ makes the first XY image read a
    // 64-slice slab (512 MB), and slice-wise 1x256x256 makes XZ/YZ read one chunk row from every slice.
    @Option(names = "--chunks", defaultValue = "16x128x128", description = "generated chunk shape. Default: ${DEFAULT-VALUE}")
    String chunkText;

    @Option(names = "--cache-mb", defaultValue = "2560", description = "block cache budget (the heap bound). Default: ${DEFAULT-VALUE}")
    long cacheMb;

    @Option(names = "--frames", defaultValue = "128", description = "slices scrolled per plane and pass. Default: ${DEFAULT-VALUE}")
    int frames;

    @Option(names = "--levels", defaultValue = "0,1",
            description = "levels to scroll at (0: 1 screen pixel per voxel; 1: a 2048 image in a ~1000 px view). Default: ${DEFAULT-VALUE}")
    String levels;

    @Option(names = "--planes", defaultValue = "XY,XZ,YZ", description = "Default: ${DEFAULT-VALUE}")
    String planes;

    @Option(names = "--phases", defaultValue = "first,scroll",
            description = "first (first image after opening, then reopening), scroll. Default: ${DEFAULT-VALUE}")
    String phases;

    @Option(names = "--threads", defaultValue = "0", description = "reader threads (0: all cores)")
    int threads;

    @Option(names = "--keep", description = "keep the generated volume")
    boolean keep;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private PrintWriter err;
    private boolean dropped;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        if ((generate == null) == (file == null)) {
            err.println("studio bench viewer: give --generate DIR (write a volume) or --file FILE.h5 (measure one)");
            return 2;
        }
        Path volume = file;
        Path sidecarRoot = Files.createTempDirectory("studio-bench-viewer-pyramids");
        try {
            if (generate != null) {
                volume = generate(generate);
            }
            ChunkCache.setBudgetBytes(cacheMb << 20);
            int nThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            List<String> wanted = Arrays.asList(phases.split(","));
            if (wanted.contains("first")) {
                firstImage(volume, sidecarRoot, nThreads, "first_open");
                firstImage(volume, sidecarRoot, nThreads, "reopen");
            }
            for (String lv : wanted.contains("scroll") ? levels.split(",") : new String[0]) {
                for (String p : planes.split(",")) {
                    scroll(volume, Plane.valueOf(p.trim()), Integer.parseInt(lv.trim()), nThreads);
                }
            }
            out.printf(Locale.ROOT, "{\"phase\":\"heap\",\"peak_heap_mb\":%d,\"max_heap_mb\":%d,\"cache_budget_mb\":%d,"
                            + "\"cache_used_mb\":%d,\"live_heap_after_gc_mb\":%d}%n", peakHeapMb(),
                    Runtime.getRuntime().maxMemory() >> 20, cacheMb, ChunkCache.usedBytes() >> 20, liveHeapMb());
            out.flush();
            return 0;
        } finally {
            deleteTree(sidecarRoot);
            if (generate != null && !keep && volume != null) {
                Files.deleteIfExists(volume);
                err.println("# deleted " + volume);
            }
        }
    }

    private Path generate(Path dir) throws IOException, InterruptedException {
        long[] shape = dims(shapeText);
        long[] chunks = dims(chunkText);
        Files.createDirectories(dir);
        Path target = dir.resolve("bench_volume_" + shapeText + "_c" + chunkText + ".h5");
        if (Files.exists(target)) {
            err.println("# reusing " + target);
            return target;
        }
        Path script = Files.createTempFile("gen_volume", ".py");
        try (InputStream in = BenchViewerCommand.class.getResourceAsStream("gen_volume.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path partial = dir.resolve("." + target.getFileName() + ".partial");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), partial.toString()));
        for (long s : shape) {
            cmd.add(Long.toString(s));
        }
        for (long c : chunks) {
            cmd.add(Long.toString(c));
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        int rc = p.waitFor();
        Files.deleteIfExists(script);
        if (rc != 0) {
            Files.deleteIfExists(partial);
            throw new IOException("generating " + target + " failed (exit " + rc + "; needs Debian's python3-h5py)");
        }
        Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        err.printf(Locale.ROOT, "# generated %s (%.2f GB) in %.1f s%n", target, Files.size(target) / 1e9,
                (System.nanoTime() - t0) / 1e9);
        return target;
    }

    /** Opens the file and times the first XY image (coarse preview, then the level a ~1000 px view needs). */
    private void firstImage(Path volume, Path sidecarRoot, int nThreads, String phase) throws Exception {
        ChunkCache.clear();
        dropPageCache();
        long cpu0 = JvmFacts.processCpuNanos();
        long t0 = System.nanoTime();
        try (Hdf5File f = Hdf5File.open(volume);
             SidecarBlockStore store = SidecarBlockStore.open(sidecarRoot, f.dataset(dataset), 3,
                     SidecarBlockStore.DEFAULT_MAX_LEVEL_BYTES)) {
            LazyDataset ds = f.dataset(dataset);
            MultiscaleDataset ms = new MultiscaleDataset(ds, 3, store);
            try (PlaneLoader loader = new PlaneLoader(ms, nThreads)) {
                double opened = ms(t0);
                long[] shape = ds.shape();
                int level = ms.levelFor(1000.0 / Math.max(shape[1], shape[2]));
                CompletableFuture<Double> preview = new CompletableFuture<>();
                CompletableFuture<Double> full = new CompletableFuture<>();
                loader.request(Plane.XY, shape[0] / 2, level, img -> {
                    if (img.preview()) {
                        preview.complete(ms(t0));
                    } else {
                        preview.complete(Double.NaN);
                        full.complete(ms(t0));
                    }
                }, (pl, i, e) -> {
                    preview.completeExceptionally(e);
                    full.completeExceptionally(e);
                });
                double fullMs = full.get(10, TimeUnit.MINUTES);
                double previewMs = preview.get();
                out.printf(Locale.ROOT, "{\"phase\":\"%s\",\"file\":\"%s\",\"shape\":\"%s\",\"chunks\":\"%s\","
                                + "\"gb\":%.2f,\"page_cache_dropped\":%b,\"open_ms\":%.1f,\"first_image_ms\":%.1f,"
                                + "\"first_image_level\":%d,\"requested_level\":%d,\"requested_image_ms\":%.1f,"
                                + "\"sidecar_blocks\":%d,\"levels\":%d,\"cpu_s\":%.2f,\"load1\":%.2f}%n",
                        phase, volume.getFileName(), Arrays.toString(shape), Arrays.toString(ds.chunkShape()),
                        Files.size(volume) / 1e9, dropped, opened, Double.isNaN(previewMs) ? fullMs : previewMs,
                        Double.isNaN(previewMs) ? level : loader.previewLevel(Plane.XY), level, fullMs,
                        store.storedBlocks(loader.previewLevel(Plane.XY)), ms.levelCount(),
                        (JvmFacts.processCpuNanos() - cpu0) / 1e9, load1());
                out.flush();
            }
        }
    }

    /** Scrolls {@code frames} slices through the middle of the volume, cold then again (cached). */
    private void scroll(Path volume, Plane plane, int level, int nThreads) throws Exception {
        ChunkCache.clear();
        dropPageCache();
        try (Hdf5File f = Hdf5File.open(volume)) {
            LazyDataset ds = f.dataset(dataset);
            MultiscaleDataset ms = new MultiscaleDataset(ds, 3, null);
            long[] shape = ds.shape();
            long depth = shape[plane.fixedAxis()];
            long start = Math.max(0, Math.min(depth - frames, depth / 2 - frames / 2));
            start -= start % 64; // begin at a chunk boundary, as a user scrolling into a new slab does
            try (PlaneLoader loader = new PlaneLoader(ms, nThreads)) {
                for (String pass : new String[] {"cold", "cached"}) {
                    double[] latency = new double[frames];
                    long cpu0 = JvmFacts.processCpuNanos();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < frames; i++) {
                        long index = Math.min(depth - 1, start + i);
                        long s0 = System.nanoTime();
                        CompletableFuture<Void> done = new CompletableFuture<>();
                        loader.request(plane, index, level, img -> {
                            if (!img.preview()) {
                                done.complete(null);
                            }
                        }, (pl, idx, e) -> done.completeExceptionally(e));
                        done.get(10, TimeUnit.MINUTES);
                        latency[i] = ms(s0);
                        sampleHeap();
                    }
                    double sec = (System.nanoTime() - t0) / 1e9;
                    double cpu = (JvmFacts.processCpuNanos() - cpu0) / 1e9;
                    double[] sorted = latency.clone();
                    Arrays.sort(sorted);
                    long[] ls = ms.shape(level);
                    out.printf(Locale.ROOT, "{\"phase\":\"scroll\",\"plane\":\"%s\",\"level\":%d,\"image\":\"%dx%d\","
                                    + "\"pass\":\"%s\",\"page_cache_dropped\":%b,\"frames\":%d,\"seconds\":%.3f,"
                                    + "\"frames_per_s\":%.1f,\"median_ms\":%.1f,\"p90_ms\":%.1f,\"max_ms\":%.1f,"
                                    + "\"prefetched_slabs\":%d,\"cache_used_mb\":%d,\"peak_heap_mb\":%d,\"cpu_s\":%.2f,"
                                    + "\"load1\":%.2f}%n",
                            plane, level, ls[plane.columnAxis()], ls[plane.rowAxis()], pass,
                            pass.equals("cold") && dropped, frames, sec, frames / sec, sorted[frames / 2],
                            sorted[(int) (frames * 0.9)], sorted[frames - 1], loader.prefetchedSlabs(),
                            ChunkCache.usedBytes() >> 20, peakHeapMb(), cpu, load1());
                    out.flush();
                }
            }
        }
    }

    /** Drops the OS page cache when running as root (else the "cold" figures are warm and say so). */
    private void dropPageCache() {
        try {
            new ProcessBuilder("sync").start().waitFor();
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3\n");
            dropped = true;
        } catch (IOException | RuntimeException e) {
            dropped = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dropped = false;
        }
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The machine's load: figures taken on a shared 2-core machine mean little without it. */
    private static double load1() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long maxUsedHeap;

    /** Samples the heap in use (live data and garbage not yet collected); the bench keeps the largest sample. */
    private static void sampleHeap() {
        maxUsedHeap = Math.max(maxUsedHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** The largest heap in use seen so far, sampled after every image, in MB. */
    private static long peakHeapMb() {
        sampleHeap();
        return maxUsedHeap >> 20;
    }

    /** The heap still in use after a full collection (what the cache and the views retain), in MB. */
    private static long liveHeapMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static long[] dims(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("x")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
