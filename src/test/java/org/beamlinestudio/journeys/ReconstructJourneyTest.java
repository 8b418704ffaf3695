package org.beamlinestudio.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.beamlinestudio.journeys.CliRun.studio;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.Hdf5Sink;
import org.beamlinestudio.core.exec.PipelineRunner;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.pipeline.InputFingerprint;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.testing.TiffFiles;
import org.beamlinestudio.tomography.demo.DemoScan;
import org.beamlinestudio.tomography.phantom.ReconstructionQuality;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan goes from file to slices headless, as on a cluster node: the centre is found, the
 * reconstruction's attenuation is right, and a pipeline whose stages need different stream axes
 * (Paganin on whole projections, then reconstruction on whole sinograms) runs with bounded memory.
 */
class ReconstructJourneyTest {

    @TempDir
    static Path dir;
    static Path scan;

    @BeforeAll
    static void writeScan() throws Exception {
        scan = dir.resolve("demo.h5");
        DemoScan.write(scan);
    }

    /** The mass of the phantom in a row (μ × area), from its analytic projections: ∫ p(s) ds is the same at every angle. */
    private static double trueMass(int row) {
        double sum = 0;
        for (int c = 0; c < DemoScan.COLUMNS; c++) {
            sum += DemoScan.MU_PER_PIXEL * DemoScan.lineIntegral(c - DemoScan.CENTER_OF_ROTATION, 0.3,
                    DemoScan.sliceScale(row));
        }
        return sum;
    }

    /** Attenuation summed over the field of view (the 95 % disk); outside it, a reconstruction means nothing. */
    private static double massInFieldOfView(float[] slice) {
        boolean[] disk = ReconstructionQuality.diskMask(DemoScan.COLUMNS, 0.95);
        double mass = 0;
        for (int i = 0; i < slice.length; i++) {
            if (disk[i]) {
                mass += slice[i];
            }
        }
        return mass;
    }

    @Test
    void findCenterAndReconstructGiveTheKnownAxisAndTheRightAttenuation() throws Exception {
        CliRun centre = studio("find-center", scan.toString());
        assertThat(centre.code()).as(centre.err()).isZero();
        assertThat(centre.out()).startsWith("center = 131.25 px (method vo, row 16");

        Path out = dir.resolve("slices");
        CliRun recon = studio("reconstruct", scan.toString(), "--center", "auto", "--algorithm", "fbp", "--slices", "10:14",
                "--device", "java", "--out", out.toString());
        assertThat(recon.code()).as(recon.err()).isZero();
        assertThat(recon.out()).contains("Centre of rotation: 131.25 px").contains("Result: " + out);
        for (int k = 0; k < 4; k++) {
            float[] slice = TiffFiles.readFloats(out.resolve(String.format("slices_%05d.tiff", k)));
            assertThat(slice).hasSize(DemoScan.COLUMNS * DemoScan.COLUMNS);
            assertThat(massInFieldOfView(slice)).as("attenuation summed over slice %d (row %d)", k, 10 + k)
                    .isCloseTo(trueMass(10 + k), within(0.02 * trueMass(10 + k)));
        }
    }

    @Test
    void paganinOnProjectionsThenFourierOnSinogramsStreamsThroughATemporaryFile() throws Exception {
        Path out = dir.resolve("phase.h5");
        Pipeline p = new Pipeline(1, "tomography", InputFingerprint.of(scan, "tomography.dataexchange", "/exchange/data"),
                List.of(new Pipeline.StageSpec("tomography.normalize", true, Map.of()),
                        new Pipeline.StageSpec("tomography.paganin", true, Map.of("energy", 25.0, "distance", 50.0,
                                "pixelSize", 1.3, "deltaBetaRatio", 50.0)),
                        new Pipeline.StageSpec("tomography.minuslog", true, Map.of()),
                        new Pipeline.StageSpec("tomography.fourier", true, Map.of("centerOfRotation",
                                DemoScan.CENTER_OF_ROTATION))),
                new Pipeline.OutputSpec(out.toString(), "hdf5"), null);
        // A budget of a few projections: Paganin and the reconstruction each stream in several chunks.
        new PipelineRunner(PluginRegistry.load(), new ExecutionSettings("java", 1 << 17)).run(p, Progress.NONE,
                new Cancellation());

        try (Hdf5File h5 = Hdf5File.open(out)) {
            LazyDataset volume = h5.dataset(Hdf5Sink.DATASET);
            assertThat(volume.shape()).containsExactly(DemoScan.ROWS, DemoScan.COLUMNS, DemoScan.COLUMNS);
            float[] slice = volume.readFloats(new long[] {16, 0, 0}, new int[] {1, DemoScan.COLUMNS, DemoScan.COLUMNS});
            // Phase retrieval blurs, but keeps the mean transmission: the mass changes by a few % at most.
            assertThat(massInFieldOfView(slice)).isCloseTo(trueMass(16), within(0.05 * trueMass(16)));
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList())
                    .as("no intermediate file left").isEmpty();
        }
    }
}
