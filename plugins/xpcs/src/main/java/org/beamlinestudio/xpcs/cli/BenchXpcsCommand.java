package org.beamlinestudio.xpcs.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.JvmFacts;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClDevices;
import org.beamlinestudio.opencl.OpenClException;
import org.beamlinestudio.xpcs.corr.MultiTauCorrelator;
import org.beamlinestudio.xpcs.corr.MultiTauResult;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.io.Hdf5FrameSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code studio bench xpcs}: multi-tau correlation throughput (frames/s, correlated pixels/s) on synthetic
 * photon-counting speckle, from memory and from a deflated HDF5 file, against the facility correlator's figures
 * (boost_corr on 2 CPU cores, 150 000 pixels: 424 frames/s from memory, 228 from HDF5). One JSON line per run.
 */
@Command(name = "xpcs", description = "Benchmark multi-tau correlation (frames/s) from memory and from HDF5.")
public final class BenchXpcsCommand implements Callable<Integer> {

    static final double FACILITY_MEMORY_FPS = 424;
    static final double FACILITY_HDF5_FPS = 228;

    @Option(names = "--frames", defaultValue = "10000", description = "frames per run. Default: ${DEFAULT-VALUE}")
    int frames;

    @Option(names = "--size", defaultValue = "512", description = "frame side in pixels. Default: ${DEFAULT-VALUE}")
    int size;

    @Option(names = "--pixels", defaultValue = "150000",
            description = "pixels inside the q-bins (an annulus). Default: ${DEFAULT-VALUE}")
    int pixels;

    @Option(names = "--sources", defaultValue = "memory,hdf5", description = "memory, hdf5. Default: ${DEFAULT-VALUE}")
    String sources;

    @Option(names = "--devices", defaultValue = "java,opencl",
            description = "java, opencl (the first OpenCL device) or an OpenCL device id. Default: ${DEFAULT-VALUE}")
    String devices;

    @Option(names = "--threads", defaultValue = "0", description = "worker threads (0: all cores)")
    int threads;

    @Option(names = "--decoders", defaultValue = "0",
            description = "threads decoding HDF5 frames (0: the reader's default, 1: sequential)")
    int decoders;

    @Option(names = "--dense", description = "never use the sparse path for mostly-zero frames")
    boolean dense;

    @Option(names = "--scratch", paramLabel = "DIR", description = "where the HDF5 file is written (default: temp)")
    Path scratch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        SyntheticSpeckle sim = SyntheticSpeckle.generate(size, pixels, 200, 1);
        int inBins = 0;
        for (int v : sim.qmap().dynamicMap()) {
            inBins += v > 0 ? 1 : 0;
        }
        err.printf(Locale.ROOT, "# generated %d frames of %d×%d (%.1f%% zeros), %d pixels in q-bins, %.1fs%n",
                200, size, size, 100 * sim.zeroFraction(), inBins, (System.nanoTime() - t0) / 1e9);
        MultiTauCorrelator.Options opts = new MultiTauCorrelator.Options(4, true, 64, cores, !dense);
        for (String source : sources.split(",")) {
            source = source.trim();
            Path file = null;
            FrameSource src;
            if (source.equals("memory")) {
                src = sim.inMemory(frames);
            } else if (source.equals("hdf5")) {
                Path dir = scratch != null ? scratch : Files.createTempDirectory("studio-bench-xpcs");
                file = dir.resolve("bench_xpcs_" + frames + "f_" + size + ".h5");
                long w0 = System.nanoTime();
                sim.writeHdf5(file, frames);
                err.printf(Locale.ROOT, "# wrote %s (%.0f MB) in %.1fs%n", file, Files.size(file) / 1e6,
                        (System.nanoTime() - w0) / 1e9);
                src = hdf5(file, decoders);
            } else {
                err.println("# unknown source " + source + " (memory, hdf5)");
                continue;
            }
            try (FrameSource s = src) {
                for (String device : devices.split(",")) {
                    run(out, err, sim, s, source, device.trim(), opts, inBins, cores);
                }
            } finally {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return 0;
    }

    private void run(PrintWriter out, PrintWriter err, SyntheticSpeckle sim, FrameSource s, String source,
                     String device, MultiTauCorrelator.Options opts, int inBins, int cores) throws Exception {
        OpenClContext ctx = null;
        if (!device.equals("java")) {
            try {
                ctx = device.equals("opencl") ? OpenClContext.open(OpenClDevices.devices().stream().findFirst()
                        .orElseThrow(() -> new OpenClException(OpenClDevices.chooseDevice("auto").reason())))
                        : OpenClContext.open(device);
            } catch (RuntimeException e) {
                err.println("# " + device + ": " + e.getMessage());
                return;
            }
        }
        try {
            String name = ctx == null ? "java" : ctx.device().id() + " " + ctx.device().describe();
            long s0 = System.nanoTime();
            long cpu0 = JvmFacts.processCpuNanos();
            MultiTauResult r = new MultiTauCorrelator(sim.qmap(), 1e-3, opts, ctx).correlate(s, null);
            double sec = (System.nanoTime() - s0) / 1e9;
            double cpu = (JvmFacts.processCpuNanos() - cpu0) / 1e9;
            double fps = frames / sec;
            double facility = source.equals("memory") ? FACILITY_MEMORY_FPS : FACILITY_HDF5_FPS;
            out.printf(Locale.ROOT, "{\"source\":\"%s\",\"device\":\"%s\",\"decoders\":%d,\"sparse\":%b,"
                            + "\"threads\":%d,"
                            + "\"frames\":%d,\"size\":%d,\"pixels\":%d,\"seconds\":%.3f,\"frames_per_s\":%.1f,"
                            + "\"pixels_per_s\":%.4g,\"facility_frames_per_s\":%.0f,\"ratio\":%.2f,"
                            + "\"g2_first_ring1\":%.4f,\"delays\":%d,\"heap_mb\":%d,\"cpu_s\":%.2f,"
                            + "\"frames_per_cpu_s\":%.1f,\"load1\":%.2f}%n",
                    source, name, s instanceof Hdf5FrameSource ? ((Hdf5FrameSource) s).decoders() : 0,
                    opts.sparse(), cores, frames, size, inBins, sec, fps, fps * inBins, facility,
                    fps / facility, r.g2()[0][0], r.delayFrames().length, usedHeapMb(), cpu, frames / cpu,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            out.flush();
        } finally {
            if (ctx != null) {
                ctx.close();
            }
        }
    }

    private static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    /** The frames of the file the bench wrote, read like any raw file. */
    private static FrameSource hdf5(Path file, int decoders) throws DataFileException {
        Hdf5File f = Hdf5File.open(file);
        try {
            return new Hdf5FrameSource(f.dataset("/entry/data/data"), f,
                    decoders > 0 ? decoders : Hdf5FrameSource.DEFAULT_DECODERS);
        } catch (DataFileException | RuntimeException e) {
            f.close();
            throw e;
        }
    }
}
