package org.beamlinestudio.core.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.beamlinestudio.core.data.DataFileException;

/**
 * Checks a file before jhdf sees it, so that the common failures (missing, empty, not HDF5,
 * truncated, unreadable) are reported in words rather than as jhdf's internal exceptions.
 */
final class Hdf5Probe {
    static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final String EXPECTED = "an HDF5 file (starting with the HDF5 signature \\211HDF\\r\\n\\032\\n)";

    private Hdf5Probe() {
    }

    /** What the superblock says: where it sits and how long the file should be. */
    record Superblock(long offset, int version, long baseAddress, long endOfFile) {
    }

    static Superblock check(Path file) throws DataFileException {
        if (!Files.exists(file)) {
            Path parent = file.toAbsolutePath().getParent();
            String where = parent != null && !Files.isDirectory(parent) ? " (its folder " + parent + " does not exist either)" : "";
            throw new DataFileException(file, null, "no such file" + where, "an existing HDF5 file");
        }
        if (Files.isDirectory(file)) {
            throw new DataFileException(file, null, "a folder, not a file", "an HDF5 file");
        }
        if (!Files.isReadable(file)) {
            throw new DataFileException(file, null, "permission denied: this user may not read the file",
                    "read permission on the file");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DataFileException(file, null, "cannot get the file size: " + e, "a readable file", e);
        }
        if (size == 0) {
            throw new DataFileException(file, null, "the file is empty (0 bytes)", EXPECTED);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            // The superblock sits at 0 or, after a user block, at 512, 1024, 2048, ...
            byte[] sig = new byte[8];
            for (long at = 0; at + 8 <= size; at = at == 0 ? 512 : at * 2) {
                ByteBuffer b = ByteBuffer.wrap(sig);
                readFully(ch, b, at);
                if (java.util.Arrays.equals(sig, SIGNATURE)) {
                    return superblock(file, ch, at, size);
                }
            }
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(16, size));
            readFully(ch, head, 0);
            throw new DataFileException(file, null, "not an HDF5 file: " + describeStart(head.array()), EXPECTED);
        } catch (AccessDeniedException e) {
            throw new DataFileException(file, null, "permission denied: " + e.getMessage(), "read permission on the file", e);
        } catch (IOException e) {
            throw new DataFileException(file, null, "cannot read the file: " + e, "a readable HDF5 file", e);
        }
    }

    private static Superblock superblock(Path file, FileChannel ch, long at, long size) throws IOException, DataFileException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(128, size - at)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, b, at);
        b.flip();
        if (b.remaining() < 16) {
            throw truncated(file, size, -1);
        }
        int version = b.get(8) & 0xff;
        long base;
        long eof;
        int so;
        try {
            if (version == 0 || version == 1) {
                so = b.get(13) & 0xff;
                int pos = 24 + (version == 1 ? 4 : 0);
                base = readOffset(b, pos, so);
                eof = readOffset(b, pos + 2 * so, so);
            } else if (version == 2 || version == 3) {
                so = b.get(9) & 0xff;
                base = readOffset(b, 12, so);
                eof = readOffset(b, 12 + 2 * so, so);
            } else {
                throw new DataFileException(file, null, "an HDF5 superblock of version " + version,
                        "superblock version 0 to 3");
            }
        } catch (IndexOutOfBoundsException e) {
            throw truncated(file, size, -1);
        }
        if (eof != -1 && eof < 48) {
            throw new DataFileException(file, null, "a damaged HDF5 superblock (it says the file ends at byte " + eof + ")",
                    "an undamaged HDF5 file");
        }
        if (eof != -1 && base != -1 && base + eof > size) {
            throw truncated(file, size, base + eof);
        }
        return new Superblock(at, version, base, eof);
    }

    private static DataFileException truncated(Path file, long size, long expected) {
        String found = expected < 0
                ? "the file is " + bytes(size) + " bytes, too short to hold an HDF5 superblock (truncated)"
                : "the file is truncated: it is " + bytes(size) + " bytes but its superblock says " + bytes(expected);
        return new DataFileException(file, null, found, "a complete copy of the file");
    }

    private static long readOffset(ByteBuffer b, int pos, int size) {
        switch (size) {
            case 2:
                return b.getShort(pos) & 0xffffL;
            case 4:
                return b.getInt(pos) & 0xffffffffL;
            case 8:
                return b.getLong(pos);
            default:
                throw new IndexOutOfBoundsException("offset size " + size);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
    }

    /** "12 345 678": digits grouped by thin spaces as scientists write them. */
    static String bytes(long n) {
        String s = Long.toString(n);
        StringBuilder sb = new StringBuilder();
        int lead = s.length() % 3;
        for (int i = 0; i < s.length(); i++) {
            if (i > 0 && (i - lead) % 3 == 0) {
                sb.append(' ');
            }
            sb.append(s.charAt(i));
        }
        return sb.toString();
    }

    /** Says what the first bytes look like: printable text in quotes, else hex, plus a guess. */
    static String describeStart(byte[] head) {
        int printable = 0;
        for (byte c : head) {
            if (c >= 0x20 && c < 0x7f) {
                printable++;
            } else {
                break;
            }
        }
        String text;
        if (printable >= 4) {
            text = "it starts with '" + new String(head, 0, Math.min(printable, 8), java.nio.charset.StandardCharsets.US_ASCII) + "'";
        } else {
            StringBuilder sb = new StringBuilder("its first bytes are");
            for (int i = 0; i < Math.min(8, head.length); i++) {
                sb.append(String.format(" %02X", head[i] & 0xff));
            }
            text = sb.toString();
        }
        String guess = guess(head);
        return guess == null ? text : text + " (" + guess + ")";
    }

    private static String guess(byte[] h) {
        if (starts(h, '%', 'P', 'D', 'F')) {
            return "looks like a PDF document";
        }
        if (starts(h, 'I', 'I', 42, 0) || starts(h, 'M', 'M', 0, 42) || starts(h, 'I', 'I', 43, 0)) {
            return "looks like a TIFF image";
        }
        if (starts(h, 0x89, 'P', 'N', 'G')) {
            return "looks like a PNG image";
        }
        if (starts(h, 'P', 'K', 3, 4)) {
            return "looks like a ZIP archive";
        }
        if (starts(h, 0x1f, 0x8b)) {
            return "looks like a gzip file";
        }
        if (starts(h, 'C', 'D', 'F')) {
            return "looks like a classic netCDF file";
        }
        if (starts(h, 0x93, 'N', 'U', 'M')) {
            return "looks like a NumPy .npy file";
        }
        if (starts(h, 0x89, 'H', 'D', 'F')) {
            return "a damaged HDF5 signature";
        }
        return null;
    }

    private static boolean starts(byte[] h, int... prefix) {
        if (h.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((h[i] & 0xff) != (prefix[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
