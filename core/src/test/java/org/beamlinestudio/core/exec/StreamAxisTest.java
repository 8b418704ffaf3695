package org.beamlinestudio.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.testing.TestTechniquePlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stages that need their input streamed along different axes (whole projections for one, whole
 * sinograms for the next) each get whole slices across the other axes, within the memory budget,
 * through a temporary file that is gone afterwards.
 */
class StreamAxisTest {

    private final PluginRegistry registry = PluginRegistry.of(List.of(new TestTechniquePlugin()));

    @BeforeEach
    void clear() {
        TestTechniquePlugin.SEEN.clear();
    }

    private static Pipeline.StageSpec axis(int a, int alignment) {
        return new Pipeline.StageSpec(TestTechniquePlugin.AXIS + a, true, Map.of("alignment", alignment));
    }

    @Test
    void eachStageSeesWholeSlicesAcrossTheOtherAxesAndTheValuesSurvive(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "vol.fake", 40, 48, 60);
        Path out = dir.resolve("result.h5");
        Pipeline p = new Pipeline(1, "test", new Pipeline.PipelineInput(in.toString(), "test.fake", "", -1, ""),
                List.of(axis(1, 1), axis(0, 4), axis(2, 1)), new Pipeline.OutputSpec(out.toString(), "hdf5"), null);
        // 64 KiB chunks: 4–8 slices of 48×60, 40×60 or 40×48 floats: many chunks along every axis.
        new PipelineRunner(registry, new ExecutionSettings("java", 1 << 16)).run(p, Progress.NONE, new Cancellation());

        for (String seen : TestTechniquePlugin.SEEN) {
            String[] parts = seen.split("[:x@ ]");
            int axis = Integer.parseInt(parts[0]);
            int[] shape = {Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Integer.parseInt(parts[3])};
            int[] full = {40, 48, 60};
            for (int a = 0; a < 3; a++) {
                if (a != axis) {
                    assertThat(shape[a]).as("%s: whole along axis %d", seen, a).isEqualTo(full[a]);
                }
            }
            assertThat(seen).endsWith("streamed " + axis);
            if (axis == 0) {
                // 40 is a multiple of 4, so no chunk may be ragged.
                assertThat(shape[0] % 4).as("%s aligned to 4", seen).isZero();
            }
        }
        assertThat(TestTechniquePlugin.SEEN.stream().filter(s -> s.startsWith("0:")).count()).isGreaterThan(2);
        assertThat(TestTechniquePlugin.SEEN.stream().filter(s -> s.startsWith("2:")).count()).isGreaterThan(2);
        try (Hdf5File h5 = Hdf5File.open(out)) {
            LazyDataset d = h5.dataset(Hdf5Sink.DATASET);
            float[] all = d.readFloats(new long[3], new int[] {40, 48, 60});
            for (int i = 0; i < 40; i++) {
                for (int j = 0; j < 48; j++) {
                    for (int k = 0; k < 60; k++) {
                        assertThat(all[(i * 48 + j) * 60 + k]).isEqualTo(i * 10000f + j * 100f + k + 3f);
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .as("no intermediate left").containsExactly("result.h5", "vol.fake");
        }
    }

    @Test
    void aSourceChunkedAgainstTheStagesAxisIsReadAlongItsChunksOnceAndReChunked(@TempDir Path dir) throws Exception {
        // Stored one "projection" per chunk (1 × 48 × 60), but the stage wants whole slices across
        // axes 0 and 2: reading slabs along axis 1 would decode every chunk for every slab.
        Path in = TestTechniquePlugin.writeChunkedInput(dir, "vol.fake", 40, 48, 60, 1, 48, 60);
        Path out = dir.resolve("result.h5");
        Pipeline p = new Pipeline(1, "test", new Pipeline.PipelineInput(in.toString(), "test.fake", "", -1, ""),
                List.of(axis(1, 1)), new Pipeline.OutputSpec(out.toString(), "hdf5"), null);
        new PipelineRunner(registry, new ExecutionSettings("java", 1 << 16)).run(p, Progress.NONE, new Cancellation());

        assertThat(TestTechniquePlugin.lastOpened.readCounts()).as("the source is read along axis 0, its chunks' way")
                .allSatisfy(c -> assertThat(c[1]).isEqualTo(48)).allSatisfy(c -> assertThat(c[2]).isEqualTo(60));
        assertThat(TestTechniquePlugin.SEEN).isNotEmpty().allSatisfy(seen -> assertThat(seen).startsWith("1:40x")
                .endsWith("streamed 1"));
        try (Hdf5File h5 = Hdf5File.open(out)) {
            float[] all = h5.dataset(Hdf5Sink.DATASET).readFloats(new long[3], new int[] {40, 48, 60});
            assertThat(all[(7 * 48 + 31) * 60 + 59]).isEqualTo(7 * 10000f + 31 * 100f + 59 + 1);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("result.h5", "vol.fake");
        }
    }

    @Test
    void aCancelledRunLeavesNoIntermediateBehind(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "vol.fake", 40, 48, 60);
        Path out = dir.resolve("result");
        Cancellation cancel = new Cancellation();
        Pipeline p = new Pipeline(1, "test", new Pipeline.PipelineInput(in.toString(), "test.fake", "", -1, ""),
                List.of(axis(1, 1), axis(0, 1)), new Pipeline.OutputSpec(out.toString(), "tiff"), null);
        Progress cancelInSecondSegment = (f, m) -> {
            if (f > 0.6) {
                cancel.cancel();
            }
        };
        try {
            new PipelineRunner(registry, new ExecutionSettings("java", 1 << 16)).run(p, cancelInSecondSegment, cancel);
        } catch (Cancellation.CancelledException expected) {
            // the point of the test
        }
        assertThat(cancel.isCancelled()).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("vol.fake");
        }
    }
}
