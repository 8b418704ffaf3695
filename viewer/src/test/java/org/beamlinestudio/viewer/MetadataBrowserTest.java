package org.beamlinestudio.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.TreeItem;
import javafx.stage.Stage;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5BrokenLink;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.H5LinkInfo;
import org.beamlinestudio.core.hdf5.H5Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class MetadataBrowserTest {
    private MetadataBrowser browser;

    static H5DatasetInfo ds(String path, ElementType t, long... shape) {
        return new H5DatasetInfo(path, List.of(), Optional.empty(), shape, t, t.numpyName(), "chunked",
                new long[] {1, 2, 640}, List.of("deflate(4)"), 123_456, Optional.empty());
    }

    static H5Group tree() {
        H5DatasetInfo data = new H5DatasetInfo("/exchange/data",
                List.of(new H5Attribute("units", "string", new long[0], "counts")), Optional.empty(),
                new long[] {181, 2, 640}, ElementType.FLOAT32, "float32", "chunked", new long[] {1, 2, 640},
                List.of("shuffle", "deflate(4)"), 300_000, Optional.empty());
        H5DatasetInfo theta = ds("/exchange/theta", ElementType.FLOAT64, 181);
        H5BrokenLink broken = new H5BrokenLink("/exchange/flat",
                new H5LinkInfo(H5LinkInfo.Kind.EXTERNAL, "flats.h5", "/data"), "external file flats.h5 not found");
        H5Group exchange = new H5Group("/exchange", List.of(), Optional.empty(), List.of(data, theta, broken));
        H5DatasetInfo energy = new H5DatasetInfo("/measurement/instrument/energy",
                List.of(new H5Attribute("note", "string", new long[0], "Monochromator THETA calibration")),
                Optional.empty(), new long[0], ElementType.FLOAT64, "float64", "compact", null, List.of(), 8,
                Optional.empty());
        H5Group instrument = new H5Group("/measurement/instrument", List.of(), Optional.empty(), List.of(energy));
        H5Group measurement = new H5Group("/measurement", List.of(), Optional.empty(), List.of(instrument));
        return new H5Group("/", List.of(new H5Attribute("implements", "string", new long[0], "exchange")),
                Optional.empty(), List.of(exchange, measurement));
    }

    @Start
    void start(Stage stage) {
        browser = new MetadataBrowser();
        browser.setRoot(tree());
        stage.setScene(new Scene(browser, 700, 500));
        stage.show();
    }

    private static List<String> visiblePaths(TreeItem<H5Node> item) {
        List<String> out = new ArrayList<>();
        out.add(item.getValue().path());
        for (TreeItem<H5Node> c : item.getChildren()) {
            out.addAll(visiblePaths(c));
        }
        return out;
    }

    @Test
    void showsShapeTypeAndStorageOfDatasets(FxRobot robot) {
        TreeItem<H5Node> data = browser.find("/exchange/data");
        assertThat(data).isNotNull();
        assertThat(NodeText.shape(data.getValue())).isEqualTo("181×2×640");
        assertThat(NodeText.type(data.getValue())).isEqualTo("float32");
        assertThat(NodeText.details(data.getValue())).isEqualTo("chunked 1×2×640 · shuffle, deflate(4) · 300 kB");
        assertThat(robot.lookup("181×2×640").tryQuery()).isPresent();
    }

    @Test
    void brokenLinksShowTheirProblem(FxRobot robot) {
        TreeItem<H5Node> flat = browser.find("/exchange/flat");
        assertThat(flat.getValue()).isInstanceOf(H5BrokenLink.class);
        assertThat(NodeText.details(flat.getValue())).contains("flats.h5 not found").contains("→ flats.h5:/data");
        assertThat(robot.lookup("flat  ⚠ broken link").tryQuery()).isPresent();
    }

    @Test
    void searchFindsNamesAndAttributeValuesWithTheirAncestors(FxRobot robot) {
        robot.clickOn("#metadataSearch").write("theta");
        WaitForAsyncUtils.waitForFxEvents();
        // "theta" is the name of /exchange/theta and part of the 'note' attribute value of energy (other case).
        assertThat(browser.matchCountProperty().get()).isEqualTo(2);
        assertThat(browser.matchText()).isEqualTo("2 matches");
        assertThat(robot.lookup("#metadataMatches").queryLabeled().getText()).isEqualTo("2 matches");
        List<String> shown = visiblePaths(browser.tree().getRoot());
        assertThat(shown).containsExactly("/", "/exchange", "/exchange/theta", "/measurement",
                "/measurement/instrument", "/measurement/instrument/energy");
        assertThat(browser.find("/exchange/theta").getParent().isExpanded()).isTrue();
        assertThat(browser.tree().getRow(browser.find("/exchange/theta"))).isGreaterThan(0);

        robot.interact(() -> browser.setSearch("zzz"));
        assertThat(browser.matchText()).isEqualTo("no match");
        robot.interact(() -> browser.setSearch(""));
        assertThat(browser.find("/exchange/data")).isNotNull();
        assertThat(browser.matchText()).isEmpty();
    }

    @Test
    void selectingANodeShowsItsAttributes(FxRobot robot) {
        robot.interact(() -> browser.select("/exchange/data"));
        assertThat(browser.selectedNodeProperty().get().path()).isEqualTo("/exchange/data");
        assertThat(browser.attributeTable().getItems()).extracting(H5Attribute::name).containsExactly("units");
        assertThat(browser.attributeTable().getItems().get(0).valueText()).isEqualTo("counts");
        // The selection survives a search that still shows the node.
        robot.interact(() -> browser.setSearch("data"));
        assertThat(browser.selectedNodeProperty().get().path()).isEqualTo("/exchange/data");
    }

    @Test
    void searchingNarrowsTheSelectedNodesAttributesToTheMatchingOnes(FxRobot robot) {
        H5Attribute facility = new H5Attribute("facility", "string", new long[0], "APS");
        H5Attribute beamline = new H5Attribute("beamline", "string", new long[0], "2-BM");
        H5Attribute energy = new H5Attribute("energy", "float64", new long[0], 24.9);
        H5Group sample = new H5Group("/sample", List.of(new H5Attribute("name", "string", new long[0], "tooth"),
                new H5Attribute("temperature", "string", new long[0], "295 K")), Optional.empty(), List.of());
        robot.interact(() -> {
            browser.setRoot(new H5Group("/", List.of(facility, beamline, energy), Optional.empty(), List.of(sample)));
            browser.select("/");
        });
        assertThat(browser.attributeTable().getItems()).extracting(H5Attribute::name)
                .containsExactly("facility", "beamline", "energy");
        // By value ("APS") and by key ("energy"): only the matching attributes of the selected node.
        robot.interact(() -> browser.setSearch("aps"));
        assertThat(browser.selectedNodeProperty().get().path()).isEqualTo("/");
        assertThat(browser.attributeTable().getItems()).extracting(H5Attribute::name).containsExactly("facility");
        robot.interact(() -> browser.setSearch("ENERGY"));
        assertThat(browser.attributeTable().getItems()).extracting(H5Attribute::valueText).containsExactly("24.9");
        // A node found by its own name shows all its attributes.
        robot.interact(() -> {
            browser.setSearch("sample");
            browser.select("/sample");
        });
        assertThat(browser.attributeTable().getItems()).extracting(H5Attribute::name)
                .containsExactly("name", "temperature");
        // No attribute matches (the search found the node's child): all are shown rather than none.
        robot.interact(() -> {
            browser.setSearch("");
            browser.select("/");
            browser.setSearch("temperature");
        });
        assertThat(browser.find("/sample")).isNotNull();
        assertThat(browser.selectedNodeProperty().get().path()).isEqualTo("/");
        assertThat(browser.attributeTable().getItems()).hasSize(3);
    }
}
