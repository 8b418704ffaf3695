package org.beamlinestudio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5BrokenLink;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.H5LinkInfo;
import org.beamlinestudio.core.hdf5.H5Node;
import org.beamlinestudio.core.testing.ComputedDataset;

/** A stand-in for HDF5 files in shell tests: files that start with the HDF5 signature open as a fixed tree. */
final class FakeFiles {
    static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private FakeFiles() {
    }

    static Path writeGood(Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        byte[] b = Arrays.copyOf(SIGNATURE, 4096);
        Files.write(f, b);
        return f;
    }

    static Path writeRandom(Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        byte[] b = new byte[2048];
        new java.util.Random(42).nextBytes(b);
        b[0] = 'P';
        b[1] = 'K';
        Files.write(f, b);
        return f;
    }

    static OpenedFile open(Path file) throws DataFileException {
        byte[] head;
        try {
            head = Arrays.copyOf(Files.readAllBytes(file), 8);
        } catch (IOException e) {
            throw new DataFileException(file, null, "cannot read: " + e.getMessage(), "a readable file", e);
        }
        if (!Arrays.equals(head, SIGNATURE)) {
            throw new DataFileException(file, null, "not an HDF5 file: no HDF5 signature", "an HDF5 or NeXus file");
        }
        return new Fake(file);
    }

    static H5DatasetInfo info(String path, long[] shape, List<String> filters) {
        return new H5DatasetInfo(path, List.of(), Optional.empty(), shape, ElementType.FLOAT32, "float32", "chunked",
                new long[] {1, shape[1], shape[2]}, filters, 1000, Optional.empty());
    }

    private static final class Fake implements OpenedFile {
        private final Path file;
        private final H5Group root;

        Fake(Path file) {
            this.file = file;
            H5DatasetInfo data = info("/exchange/data", new long[] {181, 2, 640}, List.of("deflate(4)"));
            H5DatasetInfo blosc = info("/exchange/data_blosc", new long[] {3, 4, 5}, List.of("blosc"));
            H5DatasetInfo theta = new H5DatasetInfo("/exchange/theta",
                    List.of(new H5Attribute("units", "string", new long[0], "degrees")), Optional.empty(),
                    new long[] {181}, ElementType.FLOAT32, "float32", "contiguous", null, List.of(), 724, Optional.empty());
            H5BrokenLink flat = new H5BrokenLink("/exchange/data_white",
                    new H5LinkInfo(H5LinkInfo.Kind.EXTERNAL, "flats.h5", "/exchange/data"),
                    "external file flats.h5 not found next to " + file.getFileName());
            List<H5Node> kids = List.of(data, blosc, theta, flat);
            root = new H5Group("/", List.of(), Optional.empty(),
                    List.of(new H5Group("/exchange", List.of(), Optional.empty(), kids)));
        }

        @Override
        public Path path() {
            return file;
        }

        @Override
        public H5Group root() {
            return root;
        }

        @Override
        public List<H5DatasetInfo> datasets() {
            return ((H5Group) root.children().get(0)).children().stream()
                    .filter(H5DatasetInfo.class::isInstance).map(H5DatasetInfo.class::cast).toList();
        }

        @Override
        public LazyDataset dataset(String path) throws DataFileException {
            ComputedDataset ds;
            switch (path) {
                case "/exchange/data":
                    return new ComputedDataset(181, 2, 640);
                case "/exchange/data_blosc":
                    ds = new ComputedDataset(3, 4, 5);
                    ds.failWith = "filter 'blosc' (id 32001) cannot be decoded";
                    return ds;
                default:
                    throw new DataFileException(file, path, "no such dataset", "a numeric dataset");
            }
        }

        @Override
        public void close() {
        }
    }
}
