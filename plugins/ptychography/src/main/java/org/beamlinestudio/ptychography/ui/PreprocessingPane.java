package org.beamlinestudio.ptychography.ui;

import javafx.collections.FXCollections;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import org.beamlinestudio.ptychography.prep.PatternPreprocessing;

/**
 * The pattern preprocessing settings (collapsed by default: the defaults suit most scans). Ids:
 * {@code ptychoPrepCentre}, {@code ptychoPrepZeroFrequency}, {@code ptychoPrepCrop}, {@code ptychoPrepBin},
 * {@code ptychoPrepSaturation}, {@code ptychoPrepHotFactor}.
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

    /** With {@link PatternPreprocessing#defaults()}. */
    public PreprocessingPane() {
        setText("Pattern preprocessing");
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
        setContent(g);
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
