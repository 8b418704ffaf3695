package org.beamlinestudio.viewer.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamType;
import org.beamlinestudio.core.stage.ParamValues;

/**
 * A form generated from a stage's {@link ParamSpec}s: numbers and text as validated fields with their units,
 * yes/no as a check box, choices as a combo box; the tooltip is the description with the limits. Each edit is
 * checked by {@link ParamValues#resolve} (the rules a pipeline is validated with); a value it refuses shows its
 * message under the field and is not taken. {@link #valuesProperty()} holds the raw values as given plus every
 * accepted edit, so an untouched form leaves a pipeline exactly as it was. Control ids: {@code param-<name>},
 * messages {@code paramProblem-<name>}.
 */
public final class ParamForm extends GridPane {

    private final List<ParamSpec> specs;
    private final ObjectProperty<Map<String, Object>> values = new SimpleObjectProperty<>(this, "values");
    private final Map<String, List<Node>> rows = new LinkedHashMap<>();
    private final Map<String, Label> problems = new LinkedHashMap<>();
    private final Map<String, Control> controls = new LinkedHashMap<>();
    private boolean editable = true;

    /** A form for {@code specs} showing {@code initial} (raw values by name; missing ones show the default). */
    public ParamForm(List<ParamSpec> specs, Map<String, ?> initial) {
        this.specs = List.copyOf(specs);
        getStyleClass().add("param-form");
        setHgap(6);
        setVgap(2);
        setPadding(new Insets(4));
        ColumnConstraints labels = new ColumnConstraints();
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        getColumnConstraints().addAll(labels, fields, new ColumnConstraints());
        values.set(Collections.unmodifiableMap(new LinkedHashMap<>(initial == null ? Map.of() : initial)));
        int r = 0;
        for (ParamSpec spec : this.specs) {
            Label label = new Label(spec.label());
            Control control = control(spec, current(spec));
            control.setId("param-" + spec.name());
            control.setMaxWidth(Double.MAX_VALUE);
            Tooltip tip = new Tooltip(tooltip(spec));
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            control.setTooltip(tip);
            label.setTooltip(tip);
            label.setLabelFor(control);
            Label units = new Label(spec.units());
            label.setMinWidth(Region.USE_PREF_SIZE);
            units.setMinWidth(Region.USE_PREF_SIZE);
            Label problem = new Label();
            problem.setId("paramProblem-" + spec.name());
            problem.setWrapText(true);
            problem.setStyle("-fx-text-fill: #c62828; -fx-font-size: 11px;");
            problem.setVisible(false);
            problem.setManaged(false);
            add(label, 0, r);
            add(control, 1, r);
            add(units, 2, r);
            add(problem, 1, r + 1, 2, 1);
            r += 2;
            rows.put(spec.name(), List.of(label, control, units, problem));
            problems.put(spec.name(), problem);
            controls.put(spec.name(), control);
            if (control instanceof TextField t) {
                check(spec, t.getText()); // a bad value from a file shows its problem at once
            }
        }
        values.addListener((obs, o, n) -> updateVisibility());
        updateVisibility();
    }

    /** The raw values: those given, with every accepted edit applied. Replaced (never mutated) on each edit. */
    public ReadOnlyObjectProperty<Map<String, Object>> valuesProperty() {
        return values;
    }

    /** Read-only forms show the values but take no edits (e.g. parameters another step owns). */
    public void setEditable(boolean editable) {
        this.editable = editable;
        for (Control c : controls.values()) {
            if (c instanceof TextField t) {
                t.setEditable(editable);
            } else {
                c.setDisable(!editable);
            }
        }
    }

    /** The messages currently shown, by parameter name (empty when every field is valid). */
    public Map<String, String> problems() {
        Map<String, String> out = new LinkedHashMap<>();
        problems.forEach((name, label) -> {
            if (label.isVisible()) {
                out.put(name, label.getText());
            }
        });
        return out;
    }

    /** The value shown for a parameter: the raw value, else the default. */
    private Object current(ParamSpec spec) {
        Object v = values.get().get(spec.name());
        return v == null ? spec.defaultValue() : v;
    }

    private Control control(ParamSpec spec, Object value) {
        switch (spec.type()) {
            case BOOLEAN -> {
                CheckBox box = new CheckBox();
                box.setSelected(Boolean.parseBoolean(String.valueOf(value)));
                box.selectedProperty().addListener((obs, o, n) -> edit(spec, n));
                return box;
            }
            case CHOICE -> {
                ComboBox<String> combo = new ComboBox<>();
                combo.getItems().setAll(spec.choices());
                combo.setValue(value == null ? null : value.toString());
                combo.valueProperty().addListener((obs, o, n) -> {
                    if (n != null) {
                        edit(spec, n);
                    }
                });
                return combo;
            }
            default -> {
                // Checked on every keystroke (the message shows at once) but taken on Enter or when the field
                // loses focus: "2" on the way to "20" must not reach the pipeline and start a preview.
                TextField field = new TextField(format(value));
                field.setPromptText(spec.defaultValue() == null ? "none" : format(spec.defaultValue()));
                field.textProperty().addListener((obs, o, n) -> check(spec, n));
                field.setOnAction(e -> edit(spec, field.getText()));
                field.focusedProperty().addListener((obs, o, n) -> {
                    if (!n) {
                        edit(spec, field.getText());
                    }
                });
                return field;
            }
        }
    }

    /** Shows what the pipeline's own rules say about a value being typed, without taking it. */
    private void check(ParamSpec spec, String raw) {
        List<String> found = new ArrayList<>();
        if (!(raw.isBlank() && spec.defaultValue() == null)) {
            ParamValues.resolve(List.of(spec), Map.of(spec.name(), raw), found);
        }
        showProblem(spec.name(), found.isEmpty() ? null : String.join("; ", found));
    }

    /** Checks one edited value with the pipeline's own rules; takes it only when they accept it. */
    private void edit(ParamSpec spec, Object raw) {
        if (!editable) {
            return;
        }
        Map<String, Object> next = new LinkedHashMap<>(values.get());
        boolean blank = raw instanceof String s && s.isBlank();
        if (blank && spec.defaultValue() == null) {
            next.remove(spec.name()); // an empty field means "none" where the parameter allows it
        } else {
            List<String> found = new ArrayList<>();
            ParamValues typed = ParamValues.resolve(List.of(spec), Map.of(spec.name(), raw), found);
            if (!found.isEmpty()) {
                showProblem(spec.name(), String.join("; ", found));
                return;
            }
            Object value = typed.asMap().get(spec.name());
            if (value.equals(current(spec)) && !values.get().containsKey(spec.name())) {
                showProblem(spec.name(), null);
                return; // the default, unchanged: leave the pipeline as it was
            }
            next.put(spec.name(), value);
        }
        showProblem(spec.name(), null);
        if (!next.equals(values.get())) {
            values.set(Collections.unmodifiableMap(next));
        }
    }

    private void showProblem(String name, String message) {
        Label label = problems.get(name);
        label.setText(message == null ? "" : message);
        label.setVisible(message != null);
        label.setManaged(message != null);
        Control c = controls.get(name);
        c.setStyle(message == null ? "" : "-fx-border-color: #c62828; -fx-border-width: 1;");
    }

    /** Hides parameters whose {@code visibleWhen} ("other=value") does not hold for the current values. */
    private void updateVisibility() {
        for (ParamSpec spec : specs) {
            boolean visible = true;
            String cond = spec.visibleWhen();
            int eq = cond.indexOf('=');
            if (eq > 0) {
                String other = cond.substring(0, eq).trim();
                String wanted = cond.substring(eq + 1).trim();
                ParamSpec otherSpec = specs.stream().filter(s -> s.name().equals(other)).findFirst().orElse(null);
                Object v = otherSpec == null ? null : current(otherSpec);
                visible = v != null && v.toString().equals(wanted);
            }
            for (Node n : rows.get(spec.name())) {
                boolean isProblem = n == problems.get(spec.name());
                boolean show = visible && (!isProblem || !((Label) n).getText().isEmpty());
                n.setVisible(show);
                n.setManaged(show);
            }
        }
    }

    private static String tooltip(ParamSpec spec) {
        StringBuilder sb = new StringBuilder(spec.description());
        String units = spec.units().isEmpty() ? "" : " " + spec.units();
        if (spec.min() != null && spec.max() != null) {
            sb.append("\nRange: ").append(format(spec.min())).append(" … ").append(format(spec.max())).append(units);
        } else if (spec.min() != null) {
            sb.append("\nMinimum: ").append(format(spec.min())).append(units);
        } else if (spec.max() != null) {
            sb.append("\nMaximum: ").append(format(spec.max())).append(units);
        }
        if (spec.defaultValue() != null) {
            sb.append("\nDefault: ").append(format(spec.defaultValue())).append(units);
        }
        return sb.toString().trim();
    }

    private static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            double x = d;
            return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x)
                    : String.format(Locale.ROOT, "%s", d);
        }
        return v.toString();
    }
}
