package org.beamlinestudio.tomography.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.ReaderChoice;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Test;

/** Every shared tomography file is won by the right reader, through the registry, with no tie. */
class ReaderProbeMatrixTest {

    static final List<DatasetReader> READERS = List.of(new DataExchangeReader(), new NxTomoReader(),
            new Als832Reader(), new Hdf5StackReader(), new TiffSeriesReader());

    static PluginRegistry registry() {
        TechniquePlugin plugin = new TechniquePlugin() {
            @Override
            public String id() {
                return "tomography-readers-test";
            }

            @Override
            public String displayName() {
                return "readers under test";
            }

            @Override
            public String version() {
                return "test";
            }

            @Override
            public List<DatasetReader> readers() {
                return READERS;
            }

            @Override
            public List<StageFactory> stageFactories() {
                return List.of();
            }
        };
        return PluginRegistry.of(List.of(plugin));
    }

    @Test
    void eachSharedFileHasOneClearWinner() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("tomography/real/tooth.h5", DataExchangeReader.ID),
                Map.entry("tomography/real/tomopycli_meta_mock.h5", DataExchangeReader.ID),
                Map.entry("tomography/synthetic/synth_dx.h5", DataExchangeReader.ID),
                Map.entry("tomography/synthetic/synth_nxtomo.nxs", NxTomoReader.ID),
                Map.entry("tomography/real/savu_24888.nxs", NxTomoReader.ID),
                Map.entry("tomography/real/dxchange_read_stack.h5", Als832Reader.ID),
                Map.entry("tomography/real/httomo_i12_flat_field.h5", Hdf5StackReader.ID),
                Map.entry("tomography/real/httomo_i12_dark_field.h5", Hdf5StackReader.ID),
                Map.entry("tomography/real/savu_i12_lfov_pc2_projections.hdf", Hdf5StackReader.ID),
                Map.entry("tomography/real/savu_i12_lfov_pco2_flats.hdf", Hdf5StackReader.ID));
        PluginRegistry registry = registry();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path f = SharedData.require(e.getKey());
            ReaderChoice choice = registry.chooseReader(f);
            assertThat(choice.isTie()).as("tie on %s: %s", e.getKey(), choice.explain()).isFalse();
            assertThat(choice.winner()).as("winner for %s: %s", e.getKey(), choice.explain()).isPresent();
            assertThat(choice.winner().get().id()).as("winner for %s: %s", e.getKey(), choice.explain())
                    .isEqualTo(e.getValue());
            // no two of the claiming readers share a confidence on any file
            List<Double> claimed = choice.candidates().stream().filter(c -> c.result().claims())
                    .map(c -> c.result().confidence()).toList();
            assertThat(claimed).as("confidences on %s", e.getKey()).doesNotHaveDuplicates();
        }
    }
}
