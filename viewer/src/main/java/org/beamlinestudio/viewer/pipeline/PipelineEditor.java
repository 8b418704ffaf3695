package org.beamlinestudio.viewer.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.pipeline.PipelineValidator;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * Edits a pipeline's stages for any technique: the ordered stage list (enable, add, remove, reorder), the selected
 * stage's {@link ParamForm}, the validator's problems for the whole pipeline, save/load as pipeline JSON and named
 * presets under {@code <userDirectory>/presets/<name>.json}. Loading a file or a preset takes its stages only:
 * the input and output stay those of the pipeline being edited. Bind {@link #pipelineProperty()} to the shared
 * pipeline. FX thread only. Ids: {@code stageList}, {@code stageEnabled-<i>}, {@code stageAdd},
 * {@code stageRemove}, {@code stageUp}, {@code stageDown}, {@code paramForm}, {@code stageDescription},
 * {@code pipelineProblems}, {@code pipelineSave}, {@code pipelineLoad}, {@code presetChoice}, {@code presetSave},
 * {@code presetDelete}, {@code pipelineMessage}.
 */
public final class PipelineEditor extends BorderPane {

    private final PluginRegistry registry;
    private final String techniqueId;
    private final PipelinePresets presets;
    private final DataKind sourceKind;
    private final ObjectProperty<Pipeline> pipeline = new SimpleObjectProperty<>(this, "pipeline");
    private final IntegerProperty selectedStageIndex = new SimpleIntegerProperty(this, "selectedStageIndex", -1);
    private final ListView<Pipeline.StageSpec> stageList = new ListView<>();
    private final MenuButton stageAdd = new MenuButton("Add");
    private final Button stageRemove = new Button("Remove");
    private final Button stageUp = new Button("Up");
    private final Button stageDown = new Button("Down");
    private final Label stageDescription = new Label();
    private final ScrollPane formPane = new ScrollPane();
    private final Label pipelineProblems = new Label();
    private final ComboBox<String> presetChoice = new ComboBox<>();
    private final Label message = new Label();
    private Predicate<Pipeline.StageSpec> paramsEditable = s -> true;
    private ParamForm form;
    private int formIndex = -1;
    private String formStage;
    private boolean updating;

    /**
     * An editor for pipelines of {@code techniqueId}.
     *
     * @param userDirectory the technique's user folder (presets go in its {@code presets} folder); null for none
     * @param sourceKind    the kind of the input's primary array, to check and offer stages that fit; null if unknown
     */
    public PipelineEditor(PluginRegistry registry, String techniqueId, Path userDirectory, DataKind sourceKind) {
        this.registry = registry;
        this.techniqueId = techniqueId;
        this.presets = userDirectory == null ? null : new PipelinePresets(userDirectory.resolve("presets"));
        this.sourceKind = sourceKind;
        getStyleClass().add("pipeline-editor");
        setPadding(new Insets(6));

        stageList.setId("stageList");
        stageList.setCellFactory(v -> new StageCell());
        stageList.setPrefHeight(180);
        stageList.getSelectionModel().selectedIndexProperty().addListener((obs, o, n) -> {
            if (!updating) {
                selectedStageIndex.set(n.intValue());
            }
        });
        selectedStageIndex.addListener((obs, o, n) -> {
            if (!updating && stageList.getSelectionModel().getSelectedIndex() != n.intValue()) {
                updating = true;
                try {
                    selectIndex(n.intValue());
                } finally {
                    updating = false;
                }
            }
            showForm();
            updateButtons();
        });
        stageAdd.setId("stageAdd");
        stageAdd.setOnShowing(e -> fillAddMenu());
        stageAdd.setTooltip(new Tooltip("Insert a stage after the selected one"));
        stageRemove.setId("stageRemove");
        stageRemove.setOnAction(e -> removeSelected());
        stageUp.setId("stageUp");
        stageUp.setOnAction(e -> moveSelected(-1));
        stageDown.setId("stageDown");
        stageDown.setOnAction(e -> moveSelected(1));
        HBox stageButtons = new HBox(4, stageAdd, stageRemove, stageUp, stageDown);

        pipelineProblems.setId("pipelineProblems");
        pipelineProblems.setWrapText(true);
        pipelineProblems.setStyle("-fx-text-fill: #c62828;");
        stageDescription.setId("stageDescription");
        stageDescription.setWrapText(true);
        stageDescription.setStyle("-fx-font-style: italic;");
        formPane.setFitToWidth(true);
        formPane.setMinHeight(120);
        VBox.setVgrow(formPane, Priority.ALWAYS);

        presetChoice.setId("presetChoice");
        presetChoice.setPromptText("Presets");
        presetChoice.valueProperty().addListener((obs, o, n) -> {
            if (!updating && n != null) {
                applyPreset(n);
            }
        });
        Button presetSave = new Button("Save as preset…");
        presetSave.setId("presetSave");
        presetSave.setOnAction(e -> askPresetName());
        Button presetDelete = new Button("Delete preset");
        presetDelete.setId("presetDelete");
        presetDelete.setOnAction(e -> {
            if (presetChoice.getValue() != null) {
                deletePreset(presetChoice.getValue());
            }
        });
        presetSave.setDisable(presets == null);
        presetDelete.setDisable(presets == null);
        Button save = new Button("Save…");
        save.setId("pipelineSave");
        save.setOnAction(e -> chooseAndSave());
        Button load = new Button("Load…");
        load.setId("pipelineLoad");
        load.setOnAction(e -> chooseAndLoad());
        // Wraps instead of truncating when the editor sits in a narrow pane.
        FlowPane top = new FlowPane(4, 4, presetChoice, presetSave, presetDelete, load, save);
        top.setAlignment(Pos.CENTER_LEFT);
        message.setId("pipelineMessage");
        message.setWrapText(true);
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.textProperty().isNotEmpty());

        VBox body = new VBox(6, top, message, stageList, stageButtons, pipelineProblems, stageDescription, formPane);
        body.setPadding(new Insets(0));
        setCenter(body);

        pipeline.addListener((obs, o, n) -> refresh());
        refreshPresets();
        refresh();
    }

    /** The pipeline being edited; bind it to the shared one. */
    public ObjectProperty<Pipeline> pipelineProperty() {
        return pipeline;
    }

    /** Index of the selected stage in the pipeline, −1 for none. */
    public IntegerProperty selectedStageIndexProperty() {
        return selectedStageIndex;
    }

    /** Which stages' parameters may be edited here (others are shown read-only); all by default. */
    public void setParamsEditable(Predicate<Pipeline.StageSpec> editable) {
        this.paramsEditable = editable;
        formIndex = -1;
        showForm();
    }

    /** The validator's problems shown under the list, one per line (empty when the stages fit together). */
    public List<String> problems() {
        String t = pipelineProblems.getText();
        return t.isEmpty() ? List.of() : List.of(t.split("\n"));
    }

    /** The last message (saved, loaded, or why a file was refused). */
    public String message() {
        return message.getText();
    }

    /** The selected stage's form, or null when no stage is selected. */
    public ParamForm form() {
        return form;
    }

    // ---- files ------------------------------------------------------------------------------------------------

    /** Writes the pipeline to {@code file} (atomically); false, with the reason shown, when that fails. */
    public boolean save(Path file) {
        try {
            PipelineJson.write(pipeline.get(), file);
            message.setText("Saved " + file);
            return true;
        } catch (IOException | RuntimeException e) {
            message.setText("Could not save " + file + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Takes the stages of the pipeline in {@code file}; false, with the reason shown and the pipeline unchanged,
     * when the file is not a pipeline, from a newer format, or of another technique.
     */
    public boolean load(Path file) {
        try {
            Pipeline loaded = PipelineJson.read(file);
            if (loaded.technique() != null && !loaded.technique().equals(techniqueId)) {
                message.setText(file + " is a " + loaded.technique() + " pipeline, expected " + techniqueId
                        + "; the current pipeline is unchanged");
                return false;
            }
            pipeline.set(pipeline.get().withStages(loaded.stages()));
            message.setText("Loaded the stages of " + file);
            return true;
        } catch (DataFileException e) {
            message.setText(e.getMessage() + " — the current pipeline is unchanged");
            return false;
        } catch (RuntimeException e) {
            message.setText("Could not load " + file + ": " + e + " — the current pipeline is unchanged");
            return false;
        }
    }

    /** Preset names found in the preset folder, sorted. */
    public List<String> presetNames() {
        if (presets == null) {
            return List.of();
        }
        try {
            return presets.names();
        } catch (IOException e) {
            message.setText("Could not list the presets in " + presets.folder() + ": " + e.getMessage());
            return List.of();
        }
    }

    /** Saves the pipeline as preset {@code name}; false, with the reason shown, for a bad name or a failed write. */
    public boolean savePreset(String name) {
        if (presets == null) {
            message.setText("No folder for presets");
            return false;
        }
        String n = name == null ? "" : name.trim();
        if (!PipelinePresets.isValidName(n)) {
            message.setText("'" + n + "' is not a preset name: use letters, digits, spaces, '.', '_' or '-'");
            return false;
        }
        if (!save(presets.file(n))) {
            return false;
        }
        refreshPresets();
        updating = true;
        try {
            presetChoice.setValue(n);
        } finally {
            updating = false;
        }
        message.setText("Saved preset '" + n + "'");
        return true;
    }

    /** Takes the stages of preset {@code name}. */
    public boolean applyPreset(String name) {
        if (presets == null || !PipelinePresets.isValidName(name)) {
            return false;
        }
        boolean ok = load(presets.file(name));
        if (ok) {
            message.setText("Applied preset '" + name + "'");
        }
        return ok;
    }

    /** Deletes preset {@code name}. */
    public boolean deletePreset(String name) {
        try {
            presets.delete(name);
            refreshPresets();
            message.setText("Deleted preset '" + name + "'");
            return true;
        } catch (IOException | RuntimeException e) {
            message.setText("Could not delete preset '" + name + "': " + e.getMessage());
            return false;
        }
    }

    private void refreshPresets() {
        updating = true;
        try {
            presetChoice.getItems().setAll(presetNames());
        } finally {
            updating = false;
        }
    }

    private void askPresetName() {
        TextInputDialog dialog = new TextInputDialog(presetChoice.getValue() == null ? "" : presetChoice.getValue());
        dialog.setTitle("Save as preset");
        dialog.setHeaderText("Name of the preset (saved in " + presets.folder() + ")");
        dialog.initOwner(getScene() == null ? null : getScene().getWindow());
        dialog.showAndWait().ifPresent(this::savePreset);
    }

    private FileChooser chooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Pipeline JSON", "*.json"));
        return fc;
    }

    private void chooseAndSave() {
        java.io.File f = chooser("Save pipeline").showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            save(f.toPath());
        }
    }

    private void chooseAndLoad() {
        java.io.File f = chooser("Load pipeline").showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            load(f.toPath());
        }
    }

    // ---- stages -----------------------------------------------------------------------------------------------

    private List<Pipeline.StageSpec> stages() {
        return pipeline.get() == null ? List.of() : pipeline.get().stages();
    }

    private void setStages(List<Pipeline.StageSpec> stages, int select) {
        if (pipeline.get() == null) {
            return;
        }
        updating = true;
        try {
            pipeline.set(pipeline.get().withStages(stages));
        } finally {
            updating = false;
        }
        refresh();
        selectedStageIndex.set(select);
        selectIndex(select);
    }

    private void fillAddMenu() {
        stageAdd.getItems().clear();
        DataKind kind = kindAfter(selectedStageIndex.get());
        Optional<TechniquePlugin> plugin = registry.plugin(techniqueId);
        List<StageFactory> factories = plugin.map(TechniquePlugin::stageFactories).orElse(List.of());
        for (StageFactory f : factories) {
            if (kind != null && !f.inputKinds().contains(kind)) {
                continue;
            }
            MenuItem item = new MenuItem(f.displayName());
            item.setId("stageAdd-" + f.id());
            item.setOnAction(e -> addStage(f.id()));
            stageAdd.getItems().add(item);
        }
        if (stageAdd.getItems().isEmpty()) {
            MenuItem none = new MenuItem("No stage takes " + kind);
            none.setDisable(true);
            stageAdd.getItems().add(none);
        }
    }

    /** Inserts a stage of factory {@code stageId}, with default parameters, after the selected stage. */
    public void addStage(String stageId) {
        List<Pipeline.StageSpec> s = new ArrayList<>(stages());
        int at = selectedStageIndex.get() < 0 ? s.size() : selectedStageIndex.get() + 1;
        s.add(at, new Pipeline.StageSpec(stageId, true, Map.of()));
        setStages(s, at);
    }

    private void removeSelected() {
        int i = selectedStageIndex.get();
        if (i < 0 || i >= stages().size()) {
            return;
        }
        List<Pipeline.StageSpec> s = new ArrayList<>(stages());
        s.remove(i);
        setStages(s, Math.min(i, s.size() - 1));
    }

    private void moveSelected(int by) {
        int i = selectedStageIndex.get();
        int j = i + by;
        if (i < 0 || j < 0 || j >= stages().size()) {
            return;
        }
        List<Pipeline.StageSpec> s = new ArrayList<>(stages());
        Pipeline.StageSpec moved = s.remove(i);
        s.add(j, moved);
        setStages(s, j);
    }

    private void setEnabled(int i, boolean enabled) {
        List<Pipeline.StageSpec> s = new ArrayList<>(stages());
        if (i < 0 || i >= s.size() || s.get(i).enabled() == enabled) {
            return;
        }
        Pipeline.StageSpec old = s.get(i);
        s.set(i, new Pipeline.StageSpec(old.stage(), enabled, old.params()));
        setStages(s, selectedStageIndex.get());
    }

    private void setParams(int i, Map<String, Object> params) {
        List<Pipeline.StageSpec> s = new ArrayList<>(stages());
        if (i < 0 || i >= s.size()) {
            return;
        }
        Pipeline.StageSpec old = s.get(i);
        if (old.params().equals(params)) {
            return;
        }
        s.set(i, new Pipeline.StageSpec(old.stage(), old.enabled(), params));
        setStages(s, i);
    }

    /** The kind of data flowing out of stage {@code index} (the source's for −1); null when unknown. */
    private DataKind kindAfter(int index) {
        DataKind kind = sourceKind;
        List<Pipeline.StageSpec> s = stages();
        for (int i = 0; i <= index && i < s.size() && kind != null; i++) {
            if (!s.get(i).enabled()) {
                continue;
            }
            Optional<StageFactory> f = registry.stageFactory(s.get(i).stage());
            kind = f.isPresent() && f.get().inputKinds().contains(kind) ? f.get().outputKind(kind) : null;
        }
        return kind;
    }

    private void selectIndex(int i) {
        if (i < 0) {
            stageList.getSelectionModel().clearSelection();
        } else {
            stageList.getSelectionModel().select(i);
        }
    }

    /** Shows the pipeline: list, problems, form; keeps the selection and the form when they still apply. */
    private void refresh() {
        if (updating) {
            return;
        }
        List<Pipeline.StageSpec> s = stages();
        int sel = selectedStageIndex.get();
        updating = true;
        try {
            stageList.getItems().setAll(s);
            if (sel >= s.size()) {
                sel = s.size() - 1;
            }
            selectIndex(sel);
        } finally {
            updating = false;
        }
        selectedStageIndex.set(sel);
        showProblems();
        showForm();
        updateButtons();
    }

    private void showProblems() {
        if (pipeline.get() == null) {
            pipelineProblems.setText("");
            return;
        }
        List<String> found = new PipelineValidator(registry)
                .validate(pipeline.get(), Optional.ofNullable(sourceKind)).problems().stream()
                // The output is chosen when the pipeline runs, not while its stages are edited.
                .filter(p -> !p.startsWith("output:"))
                .toList();
        pipelineProblems.setText(String.join("\n", found));
    }

    private void showForm() {
        int i = selectedStageIndex.get();
        List<Pipeline.StageSpec> s = stages();
        if (i < 0 || i >= s.size()) {
            form = null;
            formIndex = -1;
            formPane.setContent(null);
            stageDescription.setText(s.isEmpty() ? "No stages: add one." : "Select a stage to see its parameters.");
            return;
        }
        Pipeline.StageSpec spec = s.get(i);
        if (form != null && formIndex == i && form.valuesProperty().get().equals(spec.params())
                && spec.stage().equals(formStage)) {
            return; // the form already shows this stage (e.g. the edit came from it)
        }
        Optional<StageFactory> f = registry.stageFactory(spec.stage());
        if (f.isEmpty()) {
            form = null;
            formPane.setContent(new Label("Unknown stage '" + spec.stage() + "': no installed plugin provides it."));
            stageDescription.setText("");
            formIndex = i;
            return;
        }
        stageDescription.setText(f.get().displayName() + ": " + f.get().description());
        ParamForm next = new ParamForm(f.get().params(), spec.params());
        next.setId("paramForm");
        next.setEditable(paramsEditable.test(spec));
        int index = i;
        next.valuesProperty().addListener((obs, o, n) -> setParams(index, n));
        form = next;
        formIndex = i;
        formStage = spec.stage();
        formPane.setContent(next);
    }

    private void updateButtons() {
        int i = selectedStageIndex.get();
        int n = stages().size();
        stageRemove.setDisable(i < 0 || i >= n);
        stageUp.setDisable(i <= 0 || i >= n);
        stageDown.setDisable(i < 0 || i >= n - 1);
    }

    /** A row of the stage list: the enable box and the stage's display name. */
    private final class StageCell extends ListCell<Pipeline.StageSpec> {
        private final CheckBox enabled = new CheckBox();
        private final Label name = new Label();
        private final HBox box = new HBox(6, enabled, name);

        StageCell() {
            box.setAlignment(Pos.CENTER_LEFT);
            enabled.setOnAction(e -> setEnabled(getIndex(), enabled.isSelected()));
        }

        @Override
        protected void updateItem(Pipeline.StageSpec item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            enabled.setId("stageEnabled-" + getIndex());
            enabled.setSelected(item.enabled());
            String display = registry.stageFactory(item.stage()).map(StageFactory::displayName)
                    .orElse(item.stage() + " (unknown)");
            name.setText((getIndex() + 1) + ". " + display);
            name.setStyle(item.enabled() ? "" : "-fx-text-fill: #888888;");
            setText(null);
            setGraphic(box);
        }
    }
}
