package org.beamlinestudio.core.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Test;

/** Reads every shared tomography file; expected values were checked with h5py / h5dump. */
class Hdf5FileRealDataTest {

    private static H5DatasetInfo ds(Hdf5File f, String path) {
        return (H5DatasetInfo) f.node(path).orElseThrow(() -> new AssertionError("missing " + path));
    }

    @Test
    void toothDataExchangeTreeShapesTypesAttributesAndPixels() throws Exception {
        Path p = SharedData.require("tomography/real/tooth.h5");
        try (Hdf5File f = Hdf5File.open(p)) {
            H5DatasetInfo data = ds(f, "/exchange/data");
            assertThat(data.shape()).containsExactly(181, 2, 640);
            assertThat(data.elementType()).isEqualTo(ElementType.FLOAT32);
            assertThat(data.typeDescription()).isEqualTo("float32");
            assertThat(data.layout()).isEqualTo("contiguous");
            assertThat(data.chunkShape()).isNull();
            assertThat(data.filters()).isEmpty();
            assertThat(data.storageBytes()).isEqualTo(926_720L);
            assertThat(data.attribute("axes").orElseThrow().value()).isEqualTo("theta:y:x");
            assertThat(data.attribute("units").orElseThrow().value()).isEqualTo("counts");
            assertThat(data.attribute("description").orElseThrow().value()).isEqualTo("transmission");

            assertThat(ds(f, "/exchange/data_white").shape()).containsExactly(10, 2, 640);
            assertThat(ds(f, "/exchange/data_dark").shape()).containsExactly(10, 2, 640);
            H5DatasetInfo theta = ds(f, "/exchange/theta");
            assertThat(theta.elementType()).isEqualTo(ElementType.FLOAT64);
            assertThat(theta.shape()).containsExactly(181);
            assertThat(theta.attribute("units").orElseThrow().value()).isEqualTo("degrees");
            H5DatasetInfo impl = ds(f, "/implements");
            assertThat(impl.elementType()).isEqualTo(ElementType.OTHER);
            assertThat(impl.typeDescription()).isEqualTo("string");
            assertThat(impl.shape()).isEmpty();
            assertThat(f.node("/measurement/sample")).get().isInstanceOf(H5Group.class);
            assertThat(f.root().children()).extracting(H5Node::name).contains("exchange", "implements", "measurement");

            LazyDataset lazy = f.dataset("/exchange/data");
            assertThat(lazy.shape()).containsExactly(181, 2, 640);
            // values from h5py: d[0,0,:3], d[-1,-1,-3:], d[90,1,300]
            assertThat(lazy.readFloats(new long[] {0, 0, 0}, new int[] {1, 1, 3}))
                    .containsExactly(26963.25f, 28432.75f, 27741f);
            assertThat(lazy.readFloats(new long[] {180, 1, 637}, new int[] {1, 1, 3}))
                    .containsExactly(27751.5f, 27412.75f, 27192f);
            assertThat(lazy.readFloats(new long[] {90, 1, 300}, new int[] {1, 1, 1})).containsExactly(11719f);
            LazyDataset th = f.dataset("/exchange/theta");
            float[] angles = th.readFloats(new long[] {0}, new int[] {181});
            assertThat(angles[0]).isEqualTo(0f);
            assertThat(angles[1]).isCloseTo(0.99447514f, within(1e-6f));
            assertThat(angles[180]).isCloseTo(179.00552f, within(1e-4f));

            assertThat(f.largestImageDataset()).get().extracting(H5DatasetInfo::path).isEqualTo("/exchange/data");
            assertThatThrownBy(() -> f.dataset("/implements")).isInstanceOf(DataFileException.class)
                    .hasMessageContaining("/implements").hasMessageContaining("string");
            assertThatThrownBy(() -> f.dataset("/exchange")).isInstanceOf(DataFileException.class)
                    .hasMessageContaining("group");
            assertThatThrownBy(() -> f.dataset("/nope")).isInstanceOf(DataFileException.class)
                    .hasMessageContaining("/nope").hasMessageContaining("no object");
        }
    }

    @Test
    void httomoFlatAndDarkAreChunkedFloat32() throws Exception {
        for (String name : List.of("httomo_i12_flat_field.h5", "httomo_i12_dark_field.h5")) {
            Path p = SharedData.require("tomography/real/" + name);
            try (Hdf5File f = Hdf5File.open(p)) {
                H5DatasetInfo d = ds(f, "/1-NoProcessPlugin-tomo/data");
                assertThat(d.shape()).containsExactly(20, 10, 192);
                assertThat(d.layout()).isEqualTo("chunked");
                assertThat(d.chunkShape()).containsExactly(20, 1, 192);
                assertThat(d.storageBytes()).isEqualTo(153_600L);
                H5Group g = (H5Group) f.node("/1-NoProcessPlugin-tomo").orElseThrow();
                assertThat(g.attribute("NX_class").orElseThrow().value()).isEqualTo("NXdata");
                assertThat(g.attribute("signal").orElseThrow().value()).isEqualTo("data");
                float[] first = f.dataset(d.path()).readFloats(new long[] {0, 0, 0}, new int[] {1, 1, 3});
                float[] last = f.dataset(d.path()).readFloats(new long[] {19, 9, 189}, new int[] {1, 1, 3});
                if (name.contains("flat")) {
                    assertThat(first).containsExactly(65535f, 65535f, 65535f);
                    assertThat(last).containsExactly(65535f, 65535f, 65535f);
                } else {
                    assertThat(first).containsExactly(112f, 105f, 110f);
                    assertThat(last).containsExactly(107f, 99f, 113f);
                }
            }
        }
    }

    @Test
    void savuCropsAndDxchangeStack() throws Exception {
        try (Hdf5File f = Hdf5File.open(SharedData.require("tomography/real/savu_i12_lfov_pc2_projections.hdf"))) {
            assertThat(ds(f, "/entry/data/data").shape()).containsExactly(19, 32, 64);
            assertThat(ds(f, "/entry/data/data").elementType()).isEqualTo(ElementType.FLOAT32);
            assertThat(f.dataset("/entry/data/data").readFloats(new long[] {0, 0, 0}, new int[] {19, 32, 64})).hasSize(19 * 32 * 64);
        }
        try (Hdf5File f = Hdf5File.open(SharedData.require("tomography/real/savu_i12_lfov_pco2_flats.hdf"))) {
            assertThat(ds(f, "/entry/data/data").shape()).containsExactly(5, 32, 64);
        }
        try (Hdf5File f = Hdf5File.open(SharedData.require("tomography/real/dxchange_read_stack.h5"))) {
            String g = "/20151120_100640_testBL832h5file";
            H5Group group = (H5Group) f.node(g).orElseThrow();
            // fixed-length string attributes as written by the ALS 8.3.2 software (with its '\r')
            assertThat(group.attribute("Beam_Current").orElseThrow().value()).isEqualTo("499.949042\r");
            H5DatasetInfo tif = ds(f, g + "/20151120_100640_testBL832h5filebak_0000_0019.tif");
            assertThat(tif.shape()).containsExactly(1, 10, 10);
            assertThat(tif.elementType()).isEqualTo(ElementType.UINT16);
            assertThat(tif.attribute("dim2").orElseThrow().value()).isEqualTo(10L); // int64 in the file
            float[] v = f.dataset(tif.path()).readFloats(new long[] {0, 0, 0}, new int[] {1, 10, 10});
            assertThat(v[0]).isEqualTo(60f);
            assertThat(v[1]).isEqualTo(50f);
            assertThat(v[2]).isEqualTo(228f);
            assertThat(v[99]).isEqualTo(239f);
            assertThat(f.datasets()).hasSize(26);
        }
    }

    @Test
    void tomopyCliMetadataTree() throws Exception {
        try (Hdf5File f = Hdf5File.open(SharedData.require("tomography/real/tomopycli_meta_mock.h5"))) {
            H5DatasetInfo data = ds(f, "/exchange/data");
            assertThat(data.shape()).containsExactly(11, 50, 50);
            assertThat(data.elementType()).isEqualTo(ElementType.FLOAT64);
            assertThat(f.dataset("/exchange/data").readFloats(new long[] {10, 49, 47}, new int[] {1, 1, 3}))
                    .containsExactly(0.5f, 0.5f, 0.5f);
            H5DatasetInfo res = ds(f, "/measurement/instrument/detection_system/objective/resolution");
            assertThat(res.attribute("NDAttrSource").orElseThrow().value()).isEqualTo("7bmtomo:TomoScan:ImagePixelSize");
            assertThat(f.dataset(res.path()).readFloats(new long[] {0}, new int[] {1})[0]).isCloseTo(1.18063734f, within(1e-6f));
            assertThat(f.dataset("/measurement/instrument/detection_system/scintillator/scintillating_thickness")
                    .readFloats(new long[] {0}, new int[] {1})).containsExactly(100f);
            assertThat(f.dataset("/measurement/instrument/detector/roi/size_x").readFloats(new long[] {0}, new int[] {1}))
                    .containsExactly(1920f);
            assertThat(ds(f, "/measurement/instrument/detector/roi/size_x").elementType()).isEqualTo(ElementType.INT32);
            assertThat(ds(f, "/measurement/ancillary/MW100_ADC_10").shape()).containsExactly(6441);
            assertThat(f.largestImageDataset()).get().extracting(H5DatasetInfo::path).isEqualTo("/exchange/data");
        }
    }

    @Test
    void savuNxtomoWithDanglingExternalLinkOpensAndReportsIt() throws Exception {
        Path p = SharedData.require("tomography/real/savu_24888.nxs");
        try (Hdf5File f = Hdf5File.open(p)) {
            H5Group entry = (H5Group) f.node("/entry1").orElseThrow();
            assertThat(entry.attribute("NX_class").orElseThrow().value()).isEqualTo("NXentry");
            assertThat(ds(f, "/entry1/tomo_entry/definition").typeDescription()).isEqualTo("string");
            H5DatasetInfo angle = ds(f, "/entry1/tomo_entry/data/rotation_angle");
            assertThat(angle.shape()).containsExactly(111);
            assertThat(angle.chunkShape()).containsExactly(1);
            assertThat(ds(f, "/entry1/instrument/pco1_hw_hdf/time_ms").elementType()).isEqualTo(ElementType.UINT32);
            H5Node data = f.node("/entry1/tomo_entry/data/data").orElseThrow();
            assertThat(data).isInstanceOf(H5BrokenLink.class);
            H5BrokenLink broken = (H5BrokenLink) data;
            assertThat(broken.target().kind()).isEqualTo(H5LinkInfo.Kind.EXTERNAL);
            assertThat(broken.target().targetFile()).isEqualTo("/dls/i13/data/2014/mt9396-1/raw/pco1-24888.hdf");
            assertThat(broken.target().targetPath()).isEqualTo("entry/instrument/detector/data");
            assertThat(broken.problem()).contains("/dls/i13/data/2014/mt9396-1/raw/pco1-24888.hdf").contains("not found");
            H5Group tomoData = (H5Group) f.node("/entry1/tomo_entry/data").orElseThrow();
            assertThat(tomoData.children()).extracting(H5Node::name).containsExactlyInAnyOrder("data", "rotation_angle");
            assertThatThrownBy(() -> f.dataset("/entry1/tomo_entry/data/data")).isInstanceOf(DataFileException.class)
                    .hasMessageContaining("pco1-24888.hdf").hasMessageContaining("broken");
            // image_key: 111 frames as float64
            float[] keys = f.dataset("/entry1/tomo_entry/instrument/detector/image_key").readFloats(new long[] {0}, new int[] {111});
            assertThat(keys).hasSize(111);
            assertThat(f.largestImageDataset()).get().extracting(H5DatasetInfo::path)
                    .isEqualTo("/entry1/instrument/pco1_hw_hdf/region_origin");
        }
    }

    @Test
    void syntheticDeflateShuffleUint16() throws Exception {
        try (Hdf5File f = Hdf5File.open(SharedData.require("tomography/synthetic/synth_dx.h5"))) {
            H5DatasetInfo d = ds(f, "/exchange/data");
            assertThat(d.shape()).containsExactly(361, 16, 256);
            assertThat(d.elementType()).isEqualTo(ElementType.UINT16);
            assertThat(d.chunkShape()).containsExactly(1, 16, 256);
            assertThat(d.filters()).containsExactly("shuffle", "deflate(4)");
            assertThat(d.storageBytes()).isEqualTo(2_172_507L);
            LazyDataset lazy = f.dataset("/exchange/data");
            assertThat(lazy.readFloats(new long[] {0, 0, 0}, new int[] {1, 1, 3})).containsExactly(22225f, 22282f, 21867f);
            assertThat(lazy.readFloats(new long[] {360, 15, 253}, new int[] {1, 1, 3})).containsExactly(17928f, 18191f, 18159f);
            assertThat(lazy.readFloats(new long[] {100, 8, 128}, new int[] {1, 1, 1})).containsExactly(12639f);
        }
        try (Hdf5File f = Hdf5File.open(SharedData.require("tomography/synthetic/synth_nxtomo.nxs"))) {
            H5Group entry = (H5Group) f.node("/entry").orElseThrow();
            assertThat(entry.attribute("true_cor").orElseThrow().value()).isEqualTo(133.25);
            H5DatasetInfo viaLink = ds(f, "/entry/data/data");
            assertThat(viaLink.link()).get().extracting(H5LinkInfo::kind).isEqualTo(H5LinkInfo.Kind.SOFT);
            assertThat(viaLink.link().orElseThrow().targetPath()).isEqualTo("/entry/instrument/detector/data");
            assertThat(viaLink.shape()).containsExactly(386, 16, 256);
            assertThat(ds(f, "/entry/instrument/detector/data").link()).isEmpty();
            // the same dataset reached twice is listed once
            assertThat(f.datasets()).extracting(H5DatasetInfo::path)
                    .contains("/entry/data/data").doesNotContain("/entry/instrument/detector/data");
            assertThat(f.largestImageDataset()).get().extracting(H5DatasetInfo::path).isEqualTo("/entry/data/data");
            float[] a = f.dataset("/entry/data/data").readFloats(new long[] {5, 3, 0}, new int[] {2, 2, 256});
            float[] b = f.dataset("/entry/instrument/detector/data").readFloats(new long[] {5, 3, 0}, new int[] {2, 2, 256});
            assertThat(a).containsExactly(b);
        }
    }
}
