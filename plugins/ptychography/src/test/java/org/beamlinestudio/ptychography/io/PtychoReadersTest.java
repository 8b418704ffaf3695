package org.beamlinestudio.ptychography.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.prep.PatternPreprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtychoReadersTest {

    @TempDir
    Path dir;

    @Test
    void cxiNx3AndThreeByNGiveTheSamePositionsAndSignFlips() throws Exception {
        TestScans.Sim s = TestScans.simulate(4, 32, 5);
        Path a = dir.resolve("nx3.cxi");
        Path b = dir.resolve("3xn_flipped.cxi");
        TestScans.writeCxi(a, s, false, 1, new int[] {3, 40});
        TestScans.writeCxi(b, s, true, -1, new int[] {});
        CxiReader reader = new CxiReader();
        assertThat(reader.probe(a).confidence()).isGreaterThanOrEqualTo(0.9);
        try (PtychoSource sa = reader.open(a);
                PtychoSource sb = reader.open(b, Map.of(CxiReader.TRANSLATION_SIGN, "-1"))) {
            assertThat(sa.count()).isEqualTo(16);
            assertThat(sa.height()).isEqualTo(32);
            assertThat(sa.positionX()).containsExactly(s.x(), within(1e-15));
            assertThat(sa.positionY()).containsExactly(s.y(), within(1e-15));
            assertThat(sb.positionX()).containsExactly(s.x(), within(1e-15));
            assertThat(sb.positionY()).containsExactly(s.y(), within(1e-15));
            // energy stored in joules: 8 keV -> 0.15498 nm
            assertThat(sa.wavelength()).isCloseTo(1.239841984e-6 / 8000, within(1e-15));
            assertThat(sa.distance()).isEqualTo(2.0);
            assertThat(sa.pixelX()).isEqualTo(75e-6);
            // CXI mask: non-zero is a bad pixel
            boolean[] mask = sa.mask();
            assertThat(mask[3]).isFalse();
            assertThat(mask[40]).isFalse();
            assertThat(mask[4]).isTrue();
            float[] p = sa.readPatterns(5, 2);
            assertThat(p[32 * 32 + 16 * 32 + 16]).isEqualTo(s.patterns()[6 * 32 * 32 + 16 * 32 + 16]);
        }
    }

    @Test
    void cxiWithoutTranslationNamesTheDatasetAndWhatIsExpected() throws Exception {
        Path f = dir.resolve("no_translation.cxi");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(f)) {
            w.createDataset("/entry_1/instrument_1/detector_1/data", ElementType.FLOAT32, new long[] {2, 4, 4},
                    Layout.contiguous()).write(new long[] {0, 0, 0}, new int[] {2, 4, 4}, new float[32]);
            w.createScalarDataset("/entry_1/instrument_1/detector_1/distance", 1.0);
            w.createScalarDataset("/entry_1/instrument_1/detector_1/x_pixel_size", 1e-4);
            w.createScalarDataset("/entry_1/instrument_1/source_1/wavelength", 1e-10);
            w.createScalarDataset("/cxi_version", 150L);
            w.commit();
        }
        assertThat(new CxiReader().probe(f).confidence()).isLessThan(0.5);
        assertThatThrownBy(() -> new CxiReader().open(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("/entry_1/sample_1/geometry_1/translation")
                .hasMessageContaining("N × 3");
    }

    @Test
    void cxiWithWrongTranslationCountSaysFoundAndExpected() throws Exception {
        TestScans.Sim s = TestScans.simulate(2, 16, 4);
        Path f = dir.resolve("bad.cxi");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(f)) {
            w.createDataset("/entry_1/instrument_1/detector_1/data", ElementType.FLOAT32, new long[] {4, 16, 16},
                    Layout.contiguous()).write(new long[] {0, 0, 0}, new int[] {4, 16, 16}, s.patterns());
            w.createScalarDataset("/entry_1/instrument_1/detector_1/distance", 1.0);
            w.createScalarDataset("/entry_1/instrument_1/detector_1/x_pixel_size", 1e-4);
            w.createScalarDataset("/entry_1/instrument_1/source_1/wavelength", 1e-10);
            w.createDataset("/entry_1/sample_1/geometry_1/translation", ElementType.FLOAT64, new long[] {5, 3},
                    Layout.contiguous()).write(new long[] {0, 0}, new int[] {5, 3}, new double[15]);
            w.commit();
        }
        assertThatThrownBy(() -> new CxiReader().open(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("shape [5, 3]").hasMessageContaining("4 × 3 or 3 × 4");
    }

    @Test
    void siemensStarCxiFollowsTheSoftLinkAndReadsTheGeometry() throws Exception {
        Path f = SharedData.require("ptychography/siemens_star_516x128.cxi");
        CxiReader reader = new CxiReader();
        assertThat(reader.probe(f).confidence()).isGreaterThanOrEqualTo(0.95);
        assertThat(new PtydReader().probe(f).confidence()).isZero();
        try (PtychoSource src = reader.open(f)) {
            assertThat(src.count()).isEqualTo(516);
            assertThat(src.height()).isEqualTo(128);
            assertThat(src.wavelength()).isCloseTo(1.0e-10, within(1e-13));
            assertThat(src.distance()).isEqualTo(1.0);
            assertThat(src.pixelY()).isEqualTo(75e-6);
            assertThat(src.positionX()[0]).isCloseTo(-1.66389543e-06, within(1e-14));
            assertThat(src.positionY()[0]).isCloseTo(1.74562115e-06, within(1e-14));
            assertThat(src.probe()).isPresent();
            assertThat(src.probe().get().height()).isEqualTo(128);
            double probePower = 0;
            for (int y = 0; y < 128; y++) {
                for (int x = 0; x < 128; x++) {
                    probePower += src.probe().get().intensity(y, x);
                }
            }
            assertThat(probePower).isPositive();
            assertThat(src.keyMetadata().get("Object pixel")).isEqualTo("10.42 nm");
            PtychoScanLoader.Loaded loaded = PtychoScanLoader.load(src, PatternPreprocessing.defaults(),
                    (f2, m) -> { }, new Cancellation());
            PtychoScan scan = loaded.scan();
            assertThat(scan.count()).isEqualTo(516);
            assertThat(scan.height()).isEqualTo(128);
            assertThat(scan.objectPixelSize()[0]).isCloseTo(10.417e-9, within(0.01e-9));
            // the default hot-pixel test must leave the real diffraction alone (a few pixels at most)
            assertThat(loaded.plan().hotPixels()).isLessThan(10);
            // tike stored the patterns in FFT layout (zero frequency at the corners): swapped, not re-centred
            assertThat(loaded.plan().quadrantsSwapped()).isTrue();
            assertThat(loaded.plan().centreY()).isCloseTo(64, within(4.0));
            assertThat(loaded.plan().centreX()).isCloseTo(64, within(4.0));
            double total = 0;
            for (int k = 0; k < 128 * 128; k++) {
                total += scan.intensities()[k];
            }
            assertThat(total).isCloseTo(456722, within(456722 * 0.02));
        }
    }

    @Test
    void ptydChunksAreReadInOrderWithKeVAndWeights() throws Exception {
        TestScans.Sim s = TestScans.simulate(3, 16, 4);
        Path f = dir.resolve("scan.ptyd");
        TestScans.writePtyd(f, s);
        PtydReader reader = new PtydReader();
        assertThat(reader.probe(f).confidence()).isGreaterThanOrEqualTo(0.9);
        assertThat(new CxiReader().probe(f).confidence()).isZero();
        try (PtychoSource src = reader.open(f)) {
            assertThat(src.count()).isEqualTo(9);
            assertThat(src.positionY()).containsExactly(s.y(), within(1e-15));
            assertThat(src.positionX()).containsExactly(s.x(), within(1e-15));
            assertThat(src.wavelength()).isCloseTo(1.239841984e-6 / 8000, within(1e-16));
            assertThat(src.mask()[5]).isFalse();
            assertThat(src.mask()[6]).isTrue();
            // pattern 6 lives in the second chunk
            float[] p = src.readPatterns(3, 4);
            assertThat(p[3 * 256 + 100]).isEqualTo(s.patterns()[6 * 256 + 100]);
        }
    }

    @Test
    void genericLayoutUsesTheGeometryGivenByHand() throws Exception {
        TestScans.Sim s = TestScans.simulate(2, 16, 4);
        Path f = dir.resolve("generic.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(f)) {
            w.createDataset("/scan/frames", ElementType.FLOAT32, new long[] {4, 16, 16}, Layout.contiguous())
                    .write(new long[] {0, 0, 0}, new int[] {4, 16, 16}, s.patterns());
            double[] xy = new double[8];
            for (int i = 0; i < 4; i++) {
                xy[2 * i] = s.x()[i] * 1e6;
                xy[2 * i + 1] = s.y()[i] * 1e6;
            }
            w.createDataset("/scan/xy_um", ElementType.FLOAT64, new long[] {4, 2}, Layout.contiguous())
                    .write(new long[] {0, 0}, new int[] {4, 2}, xy);
            w.commit();
        }
        GenericPtychoReader reader = new GenericPtychoReader();
        assertThat(reader.probe(f).confidence()).isBetween(0.01, 0.2);
        try (PtychoSource src = reader.open(f, new GenericPtychoLayout("/scan/frames", "/scan/xy_um", false, 1e-6,
                "", 8000, 2.0, 75e-6))) {
            assertThat(src.positionY()).containsExactly(s.y(), within(1e-12));
            assertThat(src.positionX()).containsExactly(s.x(), within(1e-12));
            assertThat(src.wavelength()).isCloseTo(1.239841984e-6 / 8000, within(1e-16));
        }
        assertThatThrownBy(() -> reader.open(f, Map.of("patternsPath", "/scan/frames", "positionsPath", "/scan/xy_um")))
                .isInstanceOf(DataFileException.class).hasMessageContaining("energy");
        assertThatThrownBy(() -> reader.open(f, new GenericPtychoLayout("/scan/xy_um", "/scan/xy_um", true, 1, "",
                8000, 2, 75e-6))).isInstanceOf(DataFileException.class).hasMessageContaining("[/scan/xy_um]")
                .hasMessageContaining("N × H × W");
    }

    @Test
    void patternsThatWouldNotFitTheHeapAreRefusedWithSizes() throws Exception {
        TestScans.Sim s = TestScans.simulate(2, 16, 4);
        Path f = dir.resolve("huge.cxi");
        long frames = Runtime.getRuntime().maxMemory() / (4L * 512 * 512) + 10;
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(f)) {
            // chunked and never written: the file stays small, the shape says how big the scan would be
            w.createDataset("/entry_1/instrument_1/detector_1/data", ElementType.FLOAT32,
                    new long[] {frames, 512, 512}, Layout.chunked(1, 512, 512));
            w.createScalarDataset("/entry_1/instrument_1/detector_1/distance", 1.0);
            w.createScalarDataset("/entry_1/instrument_1/detector_1/x_pixel_size", 1e-4);
            w.createScalarDataset("/entry_1/instrument_1/source_1/wavelength", 1e-10);
            w.createDataset("/entry_1/sample_1/geometry_1/translation", ElementType.FLOAT64,
                    new long[] {frames, 3}, Layout.contiguous())
                    .write(new long[] {0, 0}, new int[] {(int) frames, 3}, new double[(int) frames * 3]);
            w.commit();
        }
        assertThat(Files.size(f)).isLessThan(50_000_000L);
        try (PtychoSource src = new CxiReader().open(f)) {
            assertThatThrownBy(() -> PtychoScanLoader.load(src, PatternPreprocessing.none(), (a, b) -> { },
                    new Cancellation())).isInstanceOf(DataFileException.class)
                    .hasMessageContaining(f.toString()).hasMessageContaining("512 × 512")
                    .hasMessageContaining("heap").hasMessageContaining("-Xmx");
        }
    }

    @Test
    void thePluginOffersTheThreeReadersAndTheCxiReaderWins() throws Exception {
        TestScans.Sim s = TestScans.simulate(2, 16, 4);
        Path f = dir.resolve("win.cxi");
        TestScans.writeCxi(f, s, false, 1, new int[] {});
        PluginRegistry registry = PluginRegistry.load();
        assertThat(registry.plugin("ptychography")).isPresent();
        assertThat(registry.plugin("ptychography").get().readers()).extracting(r -> r.id())
                .containsExactly(CxiReader.ID, PtydReader.ID, GenericPtychoReader.ID,
                        org.beamlinestudio.ptychography.results.PtychoResultFileReader.ID);
    }
}
