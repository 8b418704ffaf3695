package org.beamlinestudio.ptychography.ui;

import java.nio.file.Path;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.beamlinestudio.ptychography.io.DarkFrameReader;
import org.beamlinestudio.ptychography.prep.PatternPreprocessing;

/**
 * The pattern preprocessing settings (collapsed by default: the defaults suit most scans). Ids: the pane
 * {@code ptychoPreprocessing}, {@code ptychoPrepCentre}, {@code ptychoPrepZeroFrequency}, {@code ptychoPrepCrop},
 * {@code ptychoPrepBin}, {@code ptychoPrepSaturation}, {@code ptychoPrepHotFactor}, and for the dark frame
 * {@code ptychoPrepDark} (the file's name), {@code ptychoPrepDarkChoose}, {@code ptychoPrepDarkClear},
 * {@code ptychoPrepDarkDataset}. The dark frame is read with the patterns, off the FX thread ({@link #darkSource()}).
 */
public final class PreprocessingPane extends TitledPane {

    private final CheckBox centre = new CheckBox("Centre on the mean pattern");
    private final ComboBox<PatternPreprocessing.ZeroFrequency> zero = new ComboBox<>(
            FXCollections.observableArrayList(PatternPreprocessing.ZeroFrequency.values()));
    private final ComboBox<Integer> crop = new ComboBox<>(FXCollections.observableArrayList(0, 64, 128, 256, 512,
            1024));
    private final ComboBox<Integer> bin = new ComboBox<>(FXCollections.observableArrayList(1, 2, 4, 8));
    private final TextField saturation = new TextField();
    private final TextField hot = new TextField(Double.toString(PatternPreprocessing.DEFAULT_HOT_FACTOR));
    private final Label darkName = new Label("none");
    private final Button darkChoose = new Button("Choose…");
    private final Button darkClear = new Button("Clear");
    private final TextField darkDataset = new TextField();
    private Path darkFile;

    /** With {@link PatternPreprocessing#defaults()}. */
    public PreprocessingPane() {
        setText("Pattern preprocessing");
        setId("ptychoPreprocessing");
        setExpanded(false);
        centre.setId("ptychoPrepCentre");
        centre.setSelected(true);
        zero.setId("ptychoPrepZeroFrequency");
        zero.setValue(PatternPreprocessing.ZeroFrequency.AUTO);
        crop.setId("ptychoPrepCrop");
        crop.setValue(0);
        crop.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null ? "" : v == 0 ? "largest" : v + " px";
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        bin.setId("ptychoPrepBin");
        bin.setValue(1);
        saturation.setId("ptychoPrepSaturation");
        saturation.setPromptText("off");
        hot.setId("ptychoPrepHotFactor");
        GridPane g = new GridPane();
        g.setHgap(6);
        g.setVgap(4);
        g.add(centre, 0, 0, 2, 1);
        g.addRow(1, new Label("Zero frequency"), zero);
        g.addRow(2, new Label("Crop"), crop);
        g.addRow(3, new Label("Binning"), bin);
        g.addRow(4, new Label("Saturation ≥"), saturation);
        g.addRow(5, new Label("Hot pixel factor"), hot);
        darkName.setId("ptychoPrepDark");
        darkChoose.setId("ptychoPrepDarkChoose");
        darkClear.setId("ptychoPrepDarkClear");
        darkDataset.setId("ptychoPrepDarkDataset");
        darkDataset.setPromptText("found: the *dark* one");
        darkDataset.setTooltip(new Tooltip("Dataset of the dark frame, or of dark frames to average (e.g. "
                + "/entry/instrument/detector/dark). Empty: the dataset named *dark*, or the only one shaped like "
                + "the patterns."));
        darkChoose.setOnAction(e -> chooseDark());
        darkClear.setOnAction(e -> setDarkFile(null));
        darkClear.setDisable(true);
        darkDataset.setDisable(true);
        // The file's name can be long: shortened in the middle (the full path is the tooltip), the buttons below it,
        // so the label column keeps its width.
        darkName.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        darkName.setMaxWidth(200);
        g.addRow(6, new Label("Dark frame"), new VBox(4, darkName, new HBox(6, darkChoose, darkClear)));
        g.addRow(7, new Label("Dark dataset"), darkDataset);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        g.getColumnConstraints().addAll(labels, new ColumnConstraints());
        setContent(g);
    }

    private void chooseDark() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Dark frame (HDF5)");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("HDF5", "*.h5", "*.hdf5", "*.hdf", "*.nxs",
                "*.cxi"), new FileChooser.ExtensionFilter("All files", "*"));
        if (darkFile != null && darkFile.getParent() != null) {
            fc.setInitialDirectory(darkFile.getParent().toFile());
        }
        java.io.File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            setDarkFile(f.toPath());
        }
    }

    /** Sets (or with {@code null} clears) the dark frame's file; what the file chooser does. */
    public void setDarkFile(Path file) {
        darkFile = file;
        darkName.setText(file == null ? "none" : String.valueOf(file.getFileName()));
        darkName.setTooltip(file == null ? null : new Tooltip(file.toString()));
        darkClear.setDisable(file == null);
        darkDataset.setDisable(file == null);
    }

    /**
     * The dark frame to read with the patterns, if one was chosen.
     *
     * @throws IllegalArgumentException when the dataset is not a path
     */
    public Optional<DarkFrameReader.Source> darkSource() {
        if (darkFile == null) {
            return Optional.empty();
        }
        String ds = darkDataset.getText().trim();
        if (!ds.isEmpty() && !ds.startsWith("/")) {
            throw new IllegalArgumentException("Dark dataset: '" + ds + "' is not a path in the file (it starts "
                    + "with /, e.g. /entry/data/dark)");
        }
        return Optional.of(new DarkFrameReader.Source(darkFile, ds.isEmpty() ? null : ds));
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public PatternPreprocessing value() {
        double sat = Double.POSITIVE_INFINITY;
        if (!saturation.getText().isBlank()) {
            sat = number(saturation.getText(), "Saturation level");
        }
        double h = hot.getText().isBlank() ? 0 : number(hot.getText(), "Hot pixel factor");
        return PatternPreprocessing.defaults().withCentre(centre.isSelected()).withZeroFrequency(zero.getValue())
                .withCrop(crop.getValue(), bin.getValue()).withSaturationLevel(sat).withHotPixelFactor(h);
    }

    private static double number(String s, String what) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + s + "' is not a number");
        }
    }
}
