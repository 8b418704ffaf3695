package org.beamlinestudio.viewer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class PipelineEditorTest {
    private static final Pipeline.StageSpec FILTER = new Pipeline.StageSpec(FormTechnique.FILTER, true, Map.of());
    private static final Pipeline.StageSpec SCALE2 =
            new Pipeline.StageSpec(FormTechnique.SCALE, true, Map.of("factor", 2.0));
    private static final Pipeline.StageSpec RECON = new Pipeline.StageSpec(FormTechnique.RECON, true, Map.of());

    @TempDir
    static Path dir;

    private final PluginRegistry registry = PluginRegistry.of(List.of(new FormTechnique()));
    private PipelineEditor editor;
    private Pipeline initial;

    @Start
    void start(Stage stage) throws Exception {
        Path input = Files.writeString(dir.resolve("scan.h5"), "data");
        initial = new Pipeline(PipelineJson.FORMAT_VERSION, FormTechnique.ID,
                new Pipeline.PipelineInput(input.toString(), "", "/exchange/data", -1, ""),
                List.of(FILTER, SCALE2, RECON), null, null);
        editor = new PipelineEditor(registry, FormTechnique.ID, dir.resolve("user"), DataKind.PROJECTIONS);
        editor.pipelineProperty().set(initial);
        stage.setScene(new Scene(editor, 520, 640));
        stage.show();
    }

    private List<Pipeline.StageSpec> stages() {
        return editor.pipelineProperty().get().stages();
    }

    @Test
    void addRemoveReorderAndEnableChangeThePipelineExactly(FxRobot robot) throws Exception {
        robot.clickOn("2. Scale");
        assertThat(editor.selectedStageIndexProperty().get()).isEqualTo(1);
        robot.clickOn("#stageUp");
        assertThat(stages()).containsExactly(SCALE2, FILTER, RECON);
        assertThat(editor.selectedStageIndexProperty().get()).isZero();
        robot.clickOn("#stageDown");
        assertThat(stages()).containsExactly(FILTER, SCALE2, RECON);

        robot.clickOn("#stageEnabled-0");
        assertThat(stages()).containsExactly(new Pipeline.StageSpec(FormTechnique.FILTER, false, Map.of()), SCALE2,
                RECON);
        robot.clickOn("#stageEnabled-0");
        assertThat(stages()).containsExactly(FILTER, SCALE2, RECON);

        // The add menu offers the stages that take what flows at the insertion point.
        robot.clickOn("1. Spike filter");
        robot.clickOn("#stageAdd");
        MenuButton add = robot.lookup("#stageAdd").queryAs(MenuButton.class);
        assertThat(add.getItems()).extracting(MenuItem::getText)
                .containsExactly("Spike filter", "Scale", "Reconstruct");
        robot.clickOn("Scale");
        WaitForAsyncUtils.waitForFxEvents();
        Pipeline.StageSpec scaleDefault = new Pipeline.StageSpec(FormTechnique.SCALE, true, Map.of());
        assertThat(stages()).containsExactly(FILTER, scaleDefault, SCALE2, RECON);
        assertThat(editor.selectedStageIndexProperty().get()).isEqualTo(1);

        robot.interact(() -> editor.selectedStageIndexProperty().set(3));
        robot.clickOn("#stageAdd");
        assertThat(add.getItems()).extracting(MenuItem::getText).containsExactly("Slice mask");
        robot.type(javafx.scene.input.KeyCode.ESCAPE);

        robot.interact(() -> editor.selectedStageIndexProperty().set(1));
        robot.clickOn("#stageRemove");
        assertThat(stages()).containsExactly(FILTER, SCALE2, RECON);
    }

    @Test
    void theFormEditsTheSelectedStageAndProblemsShowUnderTheList(FxRobot robot) throws Exception {
        robot.interact(() -> editor.selectedStageIndexProperty().set(1));
        assertThat(robot.lookup("#stageDescription").queryAs(Label.class).getText())
                .isEqualTo("Scale: Scale for tests.");
        TextField factor = robot.lookup("#paramForm #param-factor").queryAs(TextField.class);
        assertThat(factor.getText()).isEqualTo("2");
        robot.interact(() -> {
            factor.setText("3.5");
            factor.fireEvent(new javafx.event.ActionEvent());
        });
        assertThat(stages().get(1)).isEqualTo(new Pipeline.StageSpec(FormTechnique.SCALE, true, Map.of("factor", 3.5)));
        assertThat(editor.problems()).isEmpty();

        // A bad value in the file itself (not through the form) is the validator's problem for the pipeline.
        robot.interact(() -> editor.pipelineProperty().set(initial.withStages(List.of(FILTER,
                new Pipeline.StageSpec(FormTechnique.SCALE, true, Map.of("factor", -1.0)), RECON,
                new Pipeline.StageSpec(FormTechnique.FILTER, true, Map.of())))));
        assertThat(editor.problems()).containsExactly(
                "stage 2 (Scale): factor: -1.0 is below the minimum 0",
                "stage 4 (Spike filter): takes [PROJECTIONS] but receives VOLUME");
        assertThat(robot.lookup("#pipelineProblems").queryAs(Label.class).getText())
                .contains("below the minimum 0");
        Screenshots.save(robot, editor, "pipeline-editor-problems.png");
    }

    @Test
    void saveThenLoadGivesAnEqualPipelineAndTheSameBytes(FxRobot robot) throws Exception {
        Path first = dir.resolve("first.json");
        Path second = dir.resolve("second.json");
        robot.interact(() -> assertThat(editor.save(first)).isTrue());
        robot.interact(() -> editor.pipelineProperty().set(initial.withStages(List.of(RECON))));
        robot.interact(() -> assertThat(editor.load(first)).isTrue());
        assertThat(editor.pipelineProperty().get()).isEqualTo(initial);
        robot.interact(() -> assertThat(editor.save(second)).isTrue());
        assertThat(Files.mismatch(first, second)).isEqualTo(-1L);
        assertThat(robot.lookup("2. Scale").tryQuery()).isPresent();
    }

    @Test
    void aCorruptOrNewerFileIsRefusedWithAMessageAndThePipelineStays(FxRobot robot) throws Exception {
        Path corrupt = Files.writeString(dir.resolve("corrupt.json"), "{ \"format\": \"beamline-studio-pipeline\", ");
        robot.interact(() -> assertThat(editor.load(corrupt)).isFalse());
        assertThat(editor.message()).contains(corrupt.toString()).contains("not valid JSON")
                .contains("current pipeline is unchanged");
        assertThat(editor.pipelineProperty().get()).isEqualTo(initial);

        String newer = PipelineJson.toJson(initial).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7");
        assertThat(newer).contains("\"formatVersion\" : 7");
        Path future = Files.writeString(dir.resolve("future.json"), newer);
        robot.interact(() -> assertThat(editor.load(future)).isFalse());
        assertThat(editor.message()).contains("formatVersion 7").contains("newer Beamline Studio");
        assertThat(editor.pipelineProperty().get()).isEqualTo(initial);
        assertThat(robot.lookup("#pipelineMessage").queryAs(Label.class).getText()).isEqualTo(editor.message());
        Screenshots.save(robot, editor, "pipeline-editor-refused.png");
    }

    @Test
    void aSavedPresetIsOfferedByANewEditorAndAppliesItsStages(FxRobot robot) throws Exception {
        Path user = dir.resolve("presets-user");
        PipelineEditor[] made = new PipelineEditor[2];
        robot.interact(() -> {
            made[0] = new PipelineEditor(registry, FormTechnique.ID, user, DataKind.PROJECTIONS);
            made[0].pipelineProperty().set(initial.withStages(List.of(SCALE2, RECON)));
            assertThat(made[0].savePreset("fast preview")).isTrue();
            assertThat(made[0].savePreset("../escape")).isFalse();
        });
        assertThat(user.resolve("presets/fast preview.json")).exists();
        robot.interact(() -> {
            made[1] = new PipelineEditor(registry, FormTechnique.ID, user, DataKind.PROJECTIONS);
            made[1].pipelineProperty().set(initial);
        });
        @SuppressWarnings("unchecked")
        ComboBox<String> choice = (ComboBox<String>) made[1].lookup("#presetChoice");
        assertThat(choice.getItems()).containsExactly("fast preview");
        robot.interact(() -> choice.setValue("fast preview"));
        assertThat(made[1].message()).isEqualTo("Applied preset 'fast preview'");
        assertThat(made[1].pipelineProperty().get()).isEqualTo(initial.withStages(List.of(SCALE2, RECON)));
        robot.interact(() -> assertThat(made[1].deletePreset("fast preview")).isTrue());
        assertThat(choice.getItems()).isEmpty();
    }
}
