package org.beamlinestudio.core.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CoarseBlockStore} in a folder of the user's cache directory, one per (file, size, modification
 * time, dataset path, shape): per level a sparse file of fixed-size block slots ({@code level-K.f32},
 * little-endian float32) and a flag file with one byte per block ({@code level-K.present}, written after
 * the block, so a crash leaves at worst a block to compute again). A changed source file gets a new folder.
 */
public final class SidecarBlockStore implements CoarseBlockStore, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SidecarBlockStore.class);

    /** Levels whose float32 size exceeds this are not kept on disk (the base of a 10 GB uint16 volume's level 1 is 2.7 GB). */
    public static final long DEFAULT_MAX_LEVEL_BYTES = 512L << 20;

    /** Folders of the stores open in this JVM (never removed by {@link SidecarCleanup}). */
    private static final java.util.Map<Path, Integer> OPEN = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path dir;
    private final long[] slotValues;
    private final FileChannel[] data;
    private final FileChannel[] flags;
    private final byte[][] present;
    private volatile boolean closed;

    private SidecarBlockStore(Path dir, long[] slotValues, long[] blocks) throws IOException {
        this.dir = dir;
        int n = slotValues.length;
        this.slotValues = slotValues;
        this.data = new FileChannel[n];
        this.flags = new FileChannel[n];
        this.present = new byte[n][];
        for (int k = 1; k < n; k++) {
            if (slotValues[k] <= 0) {
                continue;
            }
            data[k] = FileChannel.open(dir.resolve("level-" + k + ".f32"), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            flags[k] = FileChannel.open(dir.resolve("level-" + k + ".present"), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            present[k] = new byte[Math.toIntExact(blocks[k])];
            ByteBuffer b = ByteBuffer.wrap(present[k]);
            while (b.hasRemaining() && flags[k].read(b, b.position()) > 0) {
                // read the flags written so far; a shorter file means the rest are absent
            }
        }
    }

    /**
     * The store for the coarse levels of {@code base} as {@link MultiscaleDataset} lays them out, under
     * {@code root} (e.g. {@link #defaultRoot()}); levels larger than {@code maxLevelBytes} are not kept.
     */
    public static SidecarBlockStore open(Path root, LazyDataset base, int reducedAxes, long maxLevelBytes)
            throws IOException {
        MultiscaleDataset layout = new MultiscaleDataset(base, reducedAxes, null);
        int n = layout.levelCount();
        long[] slot = new long[n];
        long[] blocks = new long[n];
        StringBuilder key = new StringBuilder();
        Path file = base.file().toAbsolutePath().normalize();
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        key.append("file=").append(file).append('\n')
                .append("size=").append(attrs.size()).append('\n')
                .append("mtime=").append(attrs.lastModifiedTime().toMillis()).append('\n')
                .append("dataset=").append(base.path()).append('\n')
                .append("shape=").append(Arrays.toString(base.shape())).append('\n')
                .append("type=").append(base.elementType().numpyName()).append('\n');
        for (int k = 1; k < n; k++) {
            DownsampledLevel level = (DownsampledLevel) layout.level(k);
            long[] shape = level.shape();
            int[] bs = level.blockShape();
            long values = 1;
            long count = 1;
            long total = 1;
            for (int a = 0; a < shape.length; a++) {
                values *= bs[a];
                count *= (shape[a] + bs[a] - 1) / bs[a];
                total *= shape[a];
            }
            boolean keep = total * 4 <= maxLevelBytes;
            slot[k] = keep ? values : 0;
            blocks[k] = count;
            key.append("level").append(k).append('=').append(Arrays.toString(shape)).append(" blocks ")
                    .append(Arrays.toString(bs)).append(keep ? "" : " not kept").append('\n');
        }
        Path dir = root.resolve(hash(key.toString()));
        Files.createDirectories(dir);
        Path keyFile = dir.resolve("key.txt");
        String existing = Files.exists(keyFile) ? Files.readString(keyFile, StandardCharsets.UTF_8) : null;
        if (!key.toString().equals(existing)) {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            writeAtomically(keyFile, key.toString());
        }
        // The key file's time says when the store was last used: SidecarCleanup removes the least recently used.
        Files.setLastModifiedTime(keyFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        OPEN.merge(dir, 1, Integer::sum);
        return new SidecarBlockStore(dir, slot, blocks);
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code pyramids} in the studio's cache folder ({@link org.beamlinestudio.core.StudioDirs#cache()}). */
    public static Path defaultRoot() {
        return org.beamlinestudio.core.StudioDirs.cache().resolve("pyramids");
    }

    private static String hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The folder of this dataset's store. */
    public Path directory() {
        return dir;
    }

    @Override
    public boolean keeps(int level) {
        return level > 0 && level < slotValues.length && slotValues[level] > 0;
    }

    /** How many blocks of {@code level} are stored. */
    public long storedBlocks(int level) {
        if (!keeps(level)) {
            return 0;
        }
        long n = 0;
        for (byte b : present[level]) {
            n += b != 0 ? 1 : 0;
        }
        return n;
    }

    /** Whether every block of {@code level} is stored (a complete level needs no base reads at all). */
    public boolean isComplete(int level) {
        return keeps(level) && storedBlocks(level) == present[level].length;
    }

    @Override
    public float[] load(int level, long block, int length) {
        if (!keeps(level) || block >= present[level].length || present[level][(int) block] == 0
                || length > slotValues[level]) {
            return null;
        }
        try {
            ByteBuffer b = ByteBuffer.allocate(length * 4).order(ByteOrder.LITTLE_ENDIAN);
            long pos = block * slotValues[level] * 4;
            while (b.hasRemaining()) {
                if (data[level].read(b, pos + b.position()) < 0) {
                    return null; // truncated: compute it again
                }
            }
            float[] out = new float[length];
            b.flip();
            b.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            LOG.warn("Reading block {} of level {} from {} failed; computing it again", block, level, dir, e);
            return null;
        }
    }

    @Override
    public void save(int level, long block, float[] values) {
        if (!keeps(level) || values.length > slotValues[level]) {
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            long pos = block * slotValues[level] * 4;
            while (b.hasRemaining()) {
                data[level].write(b, pos + b.position());
            }
            flags[level].write(ByteBuffer.wrap(new byte[] {1}), block);
            present[level][(int) block] = 1;
        } catch (IOException e) {
            LOG.warn("Keeping block {} of level {} in {} failed (it will be computed again)", block, level, dir, e);
        }
    }

    /** Whether a store of this JVM has {@code folder} open now. */
    static boolean isOpen(Path folder) {
        return OPEN.containsKey(folder);
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.computeIfPresent(dir, (d, n) -> n > 1 ? n - 1 : null);
        for (int k = 0; k < data.length; k++) {
            if (data[k] != null) {
                data[k].close();
                flags[k].close();
            }
        }
    }
}
