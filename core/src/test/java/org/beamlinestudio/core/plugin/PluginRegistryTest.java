package org.beamlinestudio.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.core.testing.TestTechniquePlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

    @Test
    void aProviderThatThrowsIsListedAsFailedAndTheOthersLoad() {
        PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader());

        assertThat(registry.loaded()).extracting(l -> l.plugin().id()).containsExactly("test");
        assertThat(registry.failed()).hasSize(1);
        assertThat(registry.failed().get(0).name()).contains("BrokenTechniquePlugin");
        assertThat(registry.failed().get(0).reason()).contains("libfoo.so: cannot open shared object file");
        assertThat(registry.stageFactory(TestTechniquePlugin.SCALE)).isPresent();
    }

    @Test
    void aPluginThatThrowsWhileListingReadersFailsWithItsReason() {
        TechniquePlugin throwing = new TestTechniquePlugin() {
            @Override
            public String id() {
                return "throwing";
            }

            @Override
            public List<DatasetReader> readers() {
                throw new NoClassDefFoundError("org/jocl/CL");
            }
        };
        PluginRegistry registry = PluginRegistry.of(List.of(throwing, new TestTechniquePlugin()));

        assertThat(registry.loaded()).extracting(l -> l.plugin().id()).containsExactly("test");
        assertThat(registry.failed()).singleElement().satisfies(f -> {
            assertThat(f.name()).startsWith("throwing");
            assertThat(f.reason()).isEqualTo("NoClassDefFoundError: org/jocl/CL");
        });
    }

    @Test
    void theMostConfidentReaderWinsAndNobodyClaimsOtherFiles(@TempDir Path dir) throws Exception {
        PluginRegistry registry = PluginRegistry.of(List.of(new TestTechniquePlugin()));
        Path fake = TestTechniquePlugin.writeInput(dir, "a.fake", 2, 2, 2);

        ReaderChoice choice = registry.chooseReader(fake);
        assertThat(choice.winner()).map(DatasetReader::id).contains("test.fake");
        assertThat(choice.isTie()).isFalse();

        ReaderChoice none = registry.chooseReader(dir.resolve("b.h5"));
        assertThat(none.winner()).isEmpty();
        assertThat(none.explain()).contains("b.h5").contains("no technique reader recognises this layout");
    }

    @Test
    void readersThatTieAreReportedNotGuessed(@TempDir Path dir) throws Exception {
        TechniquePlugin twin = new TestTechniquePlugin() {
            @Override
            public String id() {
                return "twin";
            }

            @Override
            public List<DatasetReader> readers() {
                DatasetReader base = super.readers().get(0);
                return List.of(new DatasetReader() {
                    @Override
                    public String id() {
                        return "twin.fake";
                    }

                    @Override
                    public String displayName() {
                        return "Twin reader";
                    }

                    @Override
                    public ProbeResult probe(Path file) {
                        return base.probe(file);
                    }

                    @Override
                    public OpenedSource open(Path file, java.util.Map<String, ?> options)
                            throws org.beamlinestudio.core.data.DataFileException {
                        return base.open(file, options);
                    }
                });
            }

            @Override
            public List<StageFactory> stageFactories() {
                return List.of();
            }
        };
        PluginRegistry registry = PluginRegistry.of(List.of(new TestTechniquePlugin(), twin));

        ReaderChoice choice = registry.chooseReader(TestTechniquePlugin.writeInput(dir, "t.fake", 1, 1, 1));

        assertThat(choice.winner()).isEmpty();
        assertThat(choice.isTie()).isTrue();
        assertThat(choice.tied()).extracting(c -> c.reader().id()).containsExactlyInAnyOrder("test.fake", "twin.fake");
        assertThat(choice.explain()).contains("several readers are equally sure").contains("Fake volume")
                .contains("Twin reader");
    }

    @Test
    void twoPluginsWithOneIdKeepTheFirst() {
        PluginRegistry registry = PluginRegistry.of(List.of(new TestTechniquePlugin(), new TestTechniquePlugin()));
        assertThat(registry.loaded()).hasSize(1);
        assertThat(registry.failed()).singleElement().extracting(PluginRegistry.FailedPlugin::reason)
                .isEqualTo("another plugin already has the id 'test'");
    }
}
