package org.beamlinestudio.core.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks an export's destination before any work starts: it must not exist, its folder must be writable (or
 * creatable) and its disk must hold the estimated size plus a margin. Each problem is a sentence naming the path.
 */
public final class ExportPreflight {

    /** Free space asked for beyond the estimated size: 10 %, and at least 64 MiB (file system slack, other writers). */
    static final long MIN_MARGIN = 64L << 20;

    /** How much space is usable on the disk holding a folder. */
    @FunctionalInterface
    public interface SpaceProbe {
        long usableBytes(Path existingFolder) throws IOException;
    }

    private ExportPreflight() {
    }

    /** Estimated bytes on disk: the samples plus headers, uncompressed (a safe upper bound). */
    public static long estimatedBytes(VolumeExport.Spec spec) {
        return spec.sampleBytes() + spec.slices() * 4096 + (1 << 20);
    }

    /** Space asked for: the estimate plus a margin. */
    public static long requiredBytes(VolumeExport.Spec spec) {
        long est = estimatedBytes(spec);
        return est + Math.max(MIN_MARGIN, est / 10);
    }

    /** The problems with {@code spec}'s destination on this machine's disks; empty when it can start. */
    public static List<String> check(VolumeExport.Spec spec) {
        return check(spec, folder -> Files.getFileStore(folder).getUsableSpace());
    }

    /** The problems with {@code spec}'s destination, asking {@code space} for the free space. */
    public static List<String> check(VolumeExport.Spec spec, SpaceProbe space) {
        List<String> problems = new ArrayList<>();
        Path dest = spec.destination().toAbsolutePath().normalize();
        if (Files.exists(dest)) {
            problems.add(dest + " already exists: choose another name (exports never overwrite)");
        }
        Path folder = dest.getParent();
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            problems.add("no folder to write " + dest + " in: " + folder + " does not exist and cannot be created");
            return problems;
        }
        if (!Files.isWritable(existing)) {
            problems.add("cannot write in " + existing + " (no permission): choose another folder for " + dest);
        }
        try {
            long usable = space.usableBytes(existing);
            long needed = requiredBytes(spec);
            if (usable < needed) {
                problems.add(String.format(Locale.ROOT,
                        "not enough free space in %s: the export needs about %s (with margin), %s is free",
                        existing, human(needed), human(usable)));
            }
        } catch (IOException e) {
            problems.add("cannot tell the free space in " + existing + ": " + e.getMessage());
        }
        return problems;
    }

    /** A byte count as people read it: "1.5 GiB". */
    public static String human(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
