package org.beamlinestudio.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * A technique for tests of the SPI and executors: files ending in {@code .fake} are read as an
 * indexed in-memory volume of the size written in the file ("d0 d1 d2"); stages scale values, fail
 * on request, or wait on a latch (to test cancellation).
 */
public class TestTechniquePlugin implements TechniquePlugin {

    /** Stage that multiplies by {@code factor}. */
    public static final String SCALE = "test.scale";
    /** Stage that fails at chunk {@code failAt}. */
    public static final String FAIL = "test.fail";
    /** Stage that blocks on {@link #GATE} before each chunk after the first. */
    public static final String GATED = "test.gated";
    /** Stages "test.axis0/1/2" need streaming along that axis, chunks aligned to {@code alignment}; they add 1. */
    public static final String AXIS = "test.axis";
    /** Shapes of the chunks the axis stages saw, as "axis:d0xd1xd2@origin". */
    public static final java.util.List<String> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The dataset the fake reader opened last (tests look at how it was read). */
    public static volatile InMemoryDataset lastOpened;
    /** Opened by tests to let the gated stage continue. */
    public static volatile CountDownLatch gate = new CountDownLatch(0);

    /** Writes a fake input file describing a d0×d1×d2 volume stored in c0×c1×c2 chunks. */
    public static Path writeChunkedInput(Path dir, String name, int d0, int d1, int d2, int c0, int c1, int c2)
            throws java.io.IOException {
        return Files.writeString(dir.resolve(name), d0 + " " + d1 + " " + d2 + " " + c0 + " " + c1 + " " + c2);
    }

    /** Writes a fake input file describing a d0×d1×d2 volume. */
    public static Path writeInput(Path dir, String name, int d0, int d1, int d2) throws java.io.IOException {
        return Files.writeString(dir.resolve(name), d0 + " " + d1 + " " + d2);
    }

    @Override
    public String id() {
        return "test";
    }

    @Override
    public String displayName() {
        return "Test technique";
    }

    @Override
    public String version() {
        return "9.9";
    }

    @Override
    public List<DatasetReader> readers() {
        return List.of(new FakeReader());
    }

    @Override
    public List<StageFactory> stageFactories() {
        return List.of(new Scale(), new Fail(), new Gated(), new Axis(0), new Axis(1), new Axis(2));
    }

    /** Reads ".fake" files. */
    static final class FakeReader implements DatasetReader {
        @Override
        public String id() {
            return "test.fake";
        }

        @Override
        public String displayName() {
            return "Fake volume";
        }

        @Override
        public ProbeResult probe(Path file) {
            return file.toString().endsWith(".fake") ? new ProbeResult(0.5, "ends in .fake") : ProbeResult.no("no");
        }

        @Override
        public OpenedSource open(Path file, Map<String, ?> options) throws DataFileException {
            String[] dims;
            try {
                dims = Files.readString(file).trim().split("\\s+");
            } catch (java.io.IOException e) {
                throw new DataFileException(file, null, e.toString(), "a readable file");
            }
            InMemoryDataset data = InMemoryDataset.indexed(file, "/volume", Integer.parseInt(dims[0]),
                    Integer.parseInt(dims[1]), Integer.parseInt(dims[2]));
            if (dims.length == 6) {
                data.withChunkShape(Long.parseLong(dims[3]), Long.parseLong(dims[4]), Long.parseLong(dims[5]));
            }
            lastOpened = data;
            return new OpenedSource() {
                @Override
                public Path file() {
                    return file;
                }

                @Override
                public String readerId() {
                    return "test.fake";
                }

                @Override
                public DataKind kind() {
                    return DataKind.VOLUME;
                }

                @Override
                public LazyDataset primary() {
                    return data;
                }

                @Override
                public Optional<LazyDataset> array(String role) {
                    return Optional.empty();
                }

                @Override
                public Optional<double[]> vector(String role) {
                    return Optional.empty();
                }

                @Override
                public Map<String, String> keyMetadata() {
                    return Map.of();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    abstract static class Base implements StageFactory {
        @Override
        public String description() {
            return "test stage";
        }

        @Override
        public Set<DataKind> inputKinds() {
            return Set.of(DataKind.VOLUME);
        }
    }

    static final class Scale extends Base {
        @Override
        public String id() {
            return SCALE;
        }

        @Override
        public String displayName() {
            return "Scale";
        }

        @Override
        public List<ParamSpec> params() {
            return List.of(ParamSpec.ofDouble("factor", "Factor", 2.0, -100.0, 100.0, "", "multiplier"));
        }

        @Override
        public Stage create(ParamValues params, StageEnvironment env) {
            float f = (float) params.getDouble("factor");
            return (in, progress, cancel) -> {
                float[] d = in.block().data().clone();
                for (int i = 0; i < d.length; i++) {
                    d[i] *= f;
                }
                return in.withData(d);
            };
        }
    }

    static final class Fail extends Base {
        @Override
        public String id() {
            return FAIL;
        }

        @Override
        public String displayName() {
            return "Fail";
        }

        @Override
        public List<ParamSpec> params() {
            return List.of(ParamSpec.ofInt("failAt", "Fail at chunk", 1, 0, null, "", "0-based chunk"));
        }

        @Override
        public Stage create(ParamValues params, StageEnvironment env) {
            int failAt = params.getInt("failAt");
            int[] seen = {0};
            return (in, progress, cancel) -> {
                if (seen[0]++ == failAt) {
                    throw new StageException(FAIL, "the detector exploded at chunk " + failAt);
                }
                return in;
            };
        }
    }

    static final class Axis extends Base {
        private final int axis;

        Axis(int axis) {
            this.axis = axis;
        }

        @Override
        public String id() {
            return AXIS + axis;
        }

        @Override
        public String displayName() {
            return "Axis";
        }

        @Override
        public List<ParamSpec> params() {
            return List.of(ParamSpec.ofInt("alignment", "Alignment", 1, 1, 64, "", "chunk alignment"));
        }

        @Override
        public java.util.OptionalInt streamAxis(DataKind input) {
            return java.util.OptionalInt.of(axis);
        }

        @Override
        public int streamAlignment(ParamValues params) {
            return params.getInt("alignment");
        }

        @Override
        public Stage create(ParamValues params, StageEnvironment env) {
            return (in, progress, cancel) -> {
                int[] sh = in.block().shape();
                SEEN.add(axis + ":" + sh[0] + "x" + sh[1] + "x" + sh[2] + "@" + java.util.Arrays.toString(in.block().origin())
                        + " streamed " + in.streamAxis());
                float[] d = in.block().data().clone();
                for (int i = 0; i < d.length; i++) {
                    d[i] += 1;
                }
                return in.withData(d);
            };
        }
    }

    static final class Gated extends Base {
        @Override
        public String id() {
            return GATED;
        }

        @Override
        public String displayName() {
            return "Gated";
        }

        @Override
        public List<ParamSpec> params() {
            return List.of();
        }

        @Override
        public Stage create(ParamValues params, StageEnvironment env) {
            int[] seen = {0};
            return (Chunk in, Progress progress, Cancellation cancel) -> {
                if (seen[0]++ > 0) {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                cancel.check();
                return in;
            };
        }
    }
}
