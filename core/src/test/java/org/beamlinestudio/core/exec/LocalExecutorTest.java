package org.beamlinestudio.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.testing.TestTechniquePlugin;
import org.beamlinestudio.core.testing.TiffFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecutorTest {

    private final PluginRegistry registry = PluginRegistry.of(List.of(new TestTechniquePlugin()));
    /** 64 KiB chunks: a 7×40×60 float volume (9.6 KiB per index) streams in 2 chunks. */
    private final ExecutionSettings settings = new ExecutionSettings("java", 1 << 16);

    private static Pipeline pipeline(Path in, Path out, Pipeline.StageSpec... stages) {
        return new Pipeline(1, "test", new Pipeline.PipelineInput(in.toString(), "test.fake", "/volume", -1, ""),
                List.of(stages), new Pipeline.OutputSpec(out.toString(), "tiff"), null);
    }

    @Test
    void streamsChunksThroughStagesIntoAFloatTiffStackWithProvenance(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "vol.fake", 7, 40, 60);
        Path out = dir.resolve("scaled");
        List<Double> progress = new CopyOnWriteArrayList<>();
        try (LocalExecutor executor = new LocalExecutor(registry, settings)) {
            JobHandle job = executor.submit(pipeline(in, out,
                    new Pipeline.StageSpec(TestTechniquePlugin.SCALE, true, Map.of("factor", 0.5)),
                    new Pipeline.StageSpec(TestTechniquePlugin.SCALE, false, Map.of("factor", 100))));
            job.addListener(j -> progress.add(j.progress()));

            assertThat(job.completion().get(30, TimeUnit.SECONDS)).isEqualTo(JobState.COMPLETED);
            assertThat(job.result()).contains(out);
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "pipeline.json", "scaled_00000.tiff", "scaled_00001.tiff", "scaled_00002.tiff", "scaled_00003.tiff",
                    "scaled_00004.tiff", "scaled_00005.tiff", "scaled_00006.tiff");
        }
        // Slice 3 along the stream axis (axis 0): value (3, j, k) = 30000 + 100 j + k, times 0.5.
        float[] slice3 = TiffFiles.readFloats(out.resolve("scaled_00003.tiff"));
        assertThat(slice3).hasSize(40 * 60);
        assertThat(slice3[0]).isEqualTo(15000f);
        assertThat(slice3[39 * 60 + 59]).isEqualTo((30000f + 3900f + 59f) * 0.5f);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(1.0);

        Pipeline provenance = PipelineJson.fromJson(Files.readString(out.resolve("pipeline.json")), null);
        assertThat(provenance.stages()).hasSize(2);
        assertThat(provenance.software().plugins()).containsEntry("test", "9.9");
        assertThat(Files.readString(out.resolve("pipeline.json"))).contains("\"run\"").contains("\"device\" : \"java\"");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void anHdf5ResultHoldsTheValuesAndItsProvenanceAndReadsBackLazily(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "vol.fake", 7, 40, 60);
        Path out = dir.resolve("scaled.h5");
        Pipeline p = pipeline(in, out, new Pipeline.StageSpec(TestTechniquePlugin.SCALE, true, Map.of("factor", 0.5)))
                .withOutput(new Pipeline.OutputSpec(out.toString(), "hdf5"));
        try (LocalExecutor executor = new LocalExecutor(registry, settings)) {
            JobHandle job = executor.submit(p);
            assertThat(job.completion().get(30, TimeUnit.SECONDS)).as(job.message()).isEqualTo(JobState.COMPLETED);
        }
        try (Hdf5File h5 = Hdf5File.open(out)) {
            LazyDataset data = h5.dataset(Hdf5Sink.DATASET);
            assertThat(data.shape()).containsExactly(7, 40, 60);
            float[] all = data.readFloats(new long[3], new int[] {7, 40, 60});
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j < 40; j += 13) {
                    for (int k = 0; k < 60; k += 7) {
                        assertThat(all[(i * 40 + j) * 60 + k]).isEqualTo((i * 10000f + j * 100f + k) * 0.5f);
                    }
                }
            }
            String provenance = h5.node(Hdf5Sink.PROCESS).orElseThrow().attribute(Hdf5Sink.PIPELINE_ATTRIBUTE)
                    .orElseThrow().valueText();
            Pipeline recorded = PipelineJson.fromJson(provenance, out);
            assertThat(recorded.stages()).singleElement().extracting(Pipeline.StageSpec::stage)
                    .isEqualTo(TestTechniquePlugin.SCALE);
            assertThat(recorded.output().format()).isEqualTo("hdf5");
        }
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void aFailedHdf5RunLeavesNoFile(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "vol.fake", 7, 40, 60);
        Path out = dir.resolve("failed.h5");
        Pipeline p = pipeline(in, out, new Pipeline.StageSpec(TestTechniquePlugin.FAIL, true, Map.of("failAt", 1)))
                .withOutput(new Pipeline.OutputSpec(out.toString(), "hdf5"));
        try (LocalExecutor executor = new LocalExecutor(registry, settings)) {
            assertThat(executor.submit(p).completion().get(30, TimeUnit.SECONDS)).isEqualTo(JobState.FAILED);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("vol.fake");
        }
    }

    @Test
    void aStageFailurePartWayLeavesNoOutputAndSaysWhy(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "vol.fake", 7, 40, 60);
        Path out = dir.resolve("failed");
        try (LocalExecutor executor = new LocalExecutor(registry, settings)) {
            JobHandle job = executor.submit(pipeline(in, out,
                    new Pipeline.StageSpec(TestTechniquePlugin.FAIL, true, Map.of("failAt", 1))));

            assertThat(job.completion().get(30, TimeUnit.SECONDS)).isEqualTo(JobState.FAILED);
            assertThat(job.failure()).contains("test.fail: the detector exploded at chunk 1");
        }
        assertThat(out).doesNotExist();
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void cancellingMidRunLeavesNoOutput(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "vol.fake", 7, 40, 60);
        Path out = dir.resolve("cancelled");
        TestTechniquePlugin.gate = new CountDownLatch(1);
        try (LocalExecutor executor = new LocalExecutor(registry, settings)) {
            JobHandle job = executor.submit(pipeline(in, out, new Pipeline.StageSpec(TestTechniquePlugin.GATED, true, Map.of())));
            // The first chunk has been written into the temporary folder once progress passes 0.5.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (job.progress() < 0.5 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(leftovers(dir)).as("a partial output exists while running").isNotEmpty();
            job.cancel();
            TestTechniquePlugin.gate.countDown();

            assertThat(job.completion().get(30, TimeUnit.SECONDS)).isEqualTo(JobState.CANCELLED);
        }
        assertThat(out).doesNotExist();
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void anInvalidPipelineIsRefusedAtSubmission(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "vol.fake", 2, 2, 2);
        try (LocalExecutor executor = new LocalExecutor(registry, settings)) {
            assertThatThrownBy(() -> executor.submit(pipeline(in, dir.resolve("o"),
                    new Pipeline.StageSpec("nope", true, Map.of()))))
                    .isInstanceOf(PipelineInvalidException.class)
                    .hasMessageContaining("stage 1 'nope': unknown stage");
        }
    }

    @Test
    void anExistingOutputIsNeverOverwritten(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "vol.fake", 2, 2, 2);
        Path out = Files.createDirectories(dir.resolve("precious"));
        Files.writeString(out.resolve("keep.txt"), "results of last night");
        try (LocalExecutor executor = new LocalExecutor(registry, settings)) {
            JobHandle job = executor.submit(pipeline(in, out));
            assertThat(job.completion().get(30, TimeUnit.SECONDS)).isEqualTo(JobState.FAILED);
            assertThat(job.failure()).get().asString().contains("already exists");
        }
        assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("results of last night");
    }

    private static List<Path> leftovers(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".partial")).toList();
        }
    }
}
