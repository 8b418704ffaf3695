package org.beamlinestudio.tomography.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.tomography.stages.NormalizeStageFactory;
import org.junit.jupiter.api.Test;

class MetadataAndPipelineTest {

    /** The APS 7-BM tree: no /exchange/theta, but TomoScan's rotation_start 0, rotation_step 0.05625°. */
    @Test
    void apsMetadataAndAnglesFromTheTomoScanRecord() throws Exception {
        Path mock = SharedData.require("tomography/real/tomopycli_meta_mock.h5");
        try (OpenedSource src = new DataExchangeReader().open(mock)) {
            assertThat(src.primary().shape()).containsExactly(11, 50, 50);
            assertThat(src.primary().readFloats(new long[] {10, 49, 49}, new int[] {1, 1, 1})).containsExactly(0.5f);
            double[] a = src.vector(ScanRoles.ANGLES).orElseThrow();
            assertThat(a[10]).isCloseTo(Math.toRadians(0.5625), within(1e-9));
            Map<String, String> m = src.keyMetadata();
            assertThat(m).containsEntry("Pixel size", "1.18064 microns")
                    .containsEntry("Sample", "Army Research Laboratory Diesel Injecto")
                    .containsEntry("Objective", "Mitutoyo 5x").containsEntry("Scintillator", "LuAG")
                    .containsEntry("Scintillator thickness", "100 microns").containsEntry("Beamline", "7-BM")
                    .containsEntry("Camera", "Grasshopper3 GS3-U3-23S6M").containsEntry("Flats", "5")
                    .containsEntry("Darks", "5");
            assertThat(m.get("Angles")).startsWith("0.000° … 0.563°").contains("rotation_step");
        }
        try (OpenedSource tooth = new DataExchangeReader().open(SharedData.require("tomography/real/tooth.h5"))) {
            assertThat(tooth.keyMetadata()).containsEntry("Sample", "Tooth");
        }
    }

    /**
     * Reader → normalisation on synth_nxtomo.nxs: the phantom covers the central 80 % of the field,
     * so the first 10 columns are air; with the before/after flats they average 1 (Poisson noise).
     */
    @Test
    void nxTomoFlatsBeforeAndAfterFeedTheNormalisation() throws Exception {
        Path f = SharedData.require("tomography/synthetic/synth_nxtomo.nxs");
        try (OpenedSource src = new NxTomoReader().open(f)) {
            NormalizeStageFactory factory = new NormalizeStageFactory();
            ParamValues v = ParamValues.resolve(factory.params(), Map.of("flatInterpolation", "beforeAfter"),
                    new ArrayList<>());
            float[] raw = src.primary().readFloats(new long[] {0, 4, 0}, new int[] {361, 4, 256});
            try (Stage s = factory.create(v, new StageEnvironment("java"))) {
                float[] out = s.run(new Chunk(new FloatBlock(raw, new int[] {361, 4, 256}, new long[] {0, 4, 0}),
                        DataKind.PROJECTIONS, 1, src), Progress.NONE, new Cancellation()).block().data();
                double sum = 0;
                int n = 0;
                for (int p = 0; p < 361; p++) {
                    for (int r = 0; r < 4; r++) {
                        for (int c = 0; c < 10; c++) {
                            sum += out[(p * 4 + r) * 256 + c];
                            n++;
                        }
                    }
                }
                assertThat(sum / n).isCloseTo(1.0, within(0.01));
            }
        }
    }
}
