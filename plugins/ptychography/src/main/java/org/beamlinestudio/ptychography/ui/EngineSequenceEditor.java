package org.beamlinestudio.ptychography.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.beamlinestudio.ptychography.io.EnginePlanText;
import org.beamlinestudio.ptychography.recon.EngineKind;
import org.beamlinestudio.ptychography.recon.EngineStep;

/**
 * Edits the engine sequence as rows (engine, iterations, parameters such as {@code beta=0.9}), with add and remove.
 * Ids: the rows' box {@code ptychoEngines}; per row i {@code ptychoEngine-i}, {@code ptychoIterations-i},
 * {@code ptychoParams-i}, {@code ptychoEngineRemove-i}; {@code ptychoEngineAdd}; the problem label
 * {@code ptychoEnginesProblem}.
 */
public final class EngineSequenceEditor extends VBox {

    private final VBox rows = new VBox(4);
    private final Label problem = new Label();

    /** Starts with {@link EnginePlanText#DEFAULT}. */
    public EngineSequenceEditor() {
        super(4);
        rows.setId("ptychoEngines");
        Button add = new Button("Add engine");
        add.setId("ptychoEngineAdd");
        add.setOnAction(e -> {
            addRow(EngineStep.of(EngineKind.ML, 50));
            validate();
        });
        problem.setId("ptychoEnginesProblem");
        problem.setWrapText(true);
        problem.setStyle("-fx-text-fill: #b00020;");
        getChildren().addAll(new Label("Engine sequence"), rows, add, problem);
        setPlan(EnginePlanText.parse(EnginePlanText.DEFAULT));
    }

    /** Replaces the rows. */
    public void setPlan(List<EngineStep> plan) {
        rows.getChildren().clear();
        plan.forEach(this::addRow);
        validate();
    }

    private void addRow(EngineStep step) {
        ComboBox<EngineKind> kind = new ComboBox<>(FXCollections.observableArrayList(EngineKind.values()));
        kind.setValue(step.kind());
        kind.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(EngineKind k) {
                return k == null ? "" : k.label();
            }

            @Override
            public EngineKind fromString(String s) {
                return EngineKind.parse(s);
            }
        });
        TextField iterations = new TextField(Integer.toString(step.iterations()));
        iterations.setPrefColumnCount(4);
        StringBuilder params = new StringBuilder();
        step.parameters().forEach((k, v) -> params.append(params.length() == 0 ? "" : ", ").append(k).append('=')
                .append(v));
        TextField parameters = new TextField(params.toString());
        parameters.setPromptText("beta=0.9");
        parameters.setPrefColumnCount(9);
        HBox.setHgrow(parameters, Priority.ALWAYS);
        Button remove = new Button("−");
        HBox row = new HBox(4, kind, iterations, parameters, remove);
        remove.setOnAction(e -> {
            rows.getChildren().remove(row);
            renumber();
            validate();
        });
        kind.valueProperty().addListener((o, a, b) -> validate());
        iterations.textProperty().addListener((o, a, b) -> validate());
        parameters.textProperty().addListener((o, a, b) -> validate());
        rows.getChildren().add(row);
        renumber();
    }

    private void renumber() {
        for (int i = 0; i < rows.getChildren().size(); i++) {
            HBox row = (HBox) rows.getChildren().get(i);
            row.getChildren().get(0).setId("ptychoEngine-" + i);
            row.getChildren().get(1).setId("ptychoIterations-" + i);
            row.getChildren().get(2).setId("ptychoParams-" + i);
            row.getChildren().get(3).setId("ptychoEngineRemove-" + i);
        }
    }

    private void validate() {
        try {
            plan();
            problem.setText("");
        } catch (IllegalArgumentException e) {
            problem.setText(e.getMessage());
        }
    }

    /** Whether the rows make a valid plan. */
    public boolean isValid() {
        return problem.getText().isEmpty();
    }

    /**
     * The plan the rows describe.
     *
     * @throws IllegalArgumentException naming the row that is wrong
     */
    @SuppressWarnings("unchecked")
    public List<EngineStep> plan() {
        List<EngineStep> out = new ArrayList<>();
        for (int i = 0; i < rows.getChildren().size(); i++) {
            HBox row = (HBox) rows.getChildren().get(i);
            EngineKind kind = ((ComboBox<EngineKind>) row.getChildren().get(0)).getValue();
            String it = ((TextField) row.getChildren().get(1)).getText().trim();
            String par = ((TextField) row.getChildren().get(2)).getText().trim();
            int iterations;
            try {
                iterations = Integer.parseInt(it);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Row " + (i + 1) + ": '" + it + "' is not an iteration count");
            }
            Map<String, Double> p = new LinkedHashMap<>();
            if (!par.isEmpty()) {
                EngineStep parsed = EnginePlanText.parse("1 " + kind.label() + "(" + par + ")").get(0);
                p.putAll(parsed.parameters());
            }
            try {
                out.add(new EngineStep(kind, iterations, p, 0));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Row " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("Add at least one engine");
        }
        return out;
    }
}
