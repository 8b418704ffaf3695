package org.beamlinestudio.viewer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import javafx.event.ActionEvent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ParamFormTest {
    private ParamForm form;

    @Start
    void start(Stage stage) {
        form = new ParamForm(FormTechnique.FILTER_PARAMS, Map.of("energy", 30.0));
        stage.setScene(new Scene(form, 460, 320));
        stage.show();
    }

    @Test
    void eachTypeGetsItsControlWithUnitsLimitsAndDescription(FxRobot robot) throws Exception {
        TextField energy = robot.lookup("#param-energy").queryAs(TextField.class);
        assertThat(energy.getText()).isEqualTo("30");
        assertThat(energy.getTooltip().getText()).contains("Photon energy of the beam.").contains("5 … 100 keV")
                .contains("Default: 25 keV");
        assertThat(robot.lookup("keV").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup("#param-width").queryAs(TextField.class).getText()).isEqualTo("3");
        assertThat(robot.lookup("#param-bright").queryAs(javafx.scene.Node.class)).isInstanceOf(CheckBox.class);
        ComboBox<?> mode = robot.lookup("#param-mode").queryAs(ComboBox.class);
        assertThat(List.<Object>copyOf(mode.getItems())).containsExactly("median", "mean");
        assertThat(mode.getValue()).isEqualTo("median");
        assertThat(robot.lookup("#param-note").queryAs(javafx.scene.Node.class)).isInstanceOf(TextField.class);
        assertThat(form.valuesProperty().get()).isEqualTo(Map.of("energy", 30.0));
        Screenshots.save(robot, form, "param-form.png");
    }

    @Test
    void anOutOfRangeValueShowsTheValidatorsMessageAndIsNotTaken(FxRobot robot) {
        TextField width = robot.lookup("#param-width").queryAs(TextField.class);
        robot.clickOn(width);
        robot.interact(width::selectAll);
        robot.write("20");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Label problem = robot.lookup("#paramProblem-width").queryAs(Label.class);
        assertThat(problem.isVisible()).isTrue();
        // The message ParamValues.resolve (and so the pipeline validator) gives, not a second copy of the rules.
        assertThat(problem.getText()).isEqualTo("width: 20 px is above the maximum 15 px");
        assertThat(form.valuesProperty().get()).isEqualTo(Map.of("energy", 30.0));
        assertThat(form.problems()).containsOnlyKeys("width");

        robot.interact(() -> commit(width, "abc"));
        assertThat(problem.getText()).isEqualTo("width: expected a whole number, found 'abc'");
        assertThat(form.valuesProperty().get()).isEqualTo(Map.of("energy", 30.0));

        robot.interact(() -> commit(width, "7"));
        assertThat(problem.isVisible()).isFalse();
        assertThat(form.valuesProperty().get()).isEqualTo(Map.of("energy", 30.0, "width", 7));
        assertThat(form.problems()).isEmpty();
    }

    @Test
    void choiceAndBooleanEditsAreTakenAndVisibleWhenFollowsTheChoice(FxRobot robot) throws Exception {
        TextField trim = robot.lookup("#param-trim").queryAs(TextField.class);
        assertThat(trim.isVisible()).as("trim only matters for mode=mean").isFalse();
        robot.clickOn("#param-bright");
        assertThat(form.valuesProperty().get()).containsEntry("bright", true);
        @SuppressWarnings("unchecked")
        ComboBox<String> mode = robot.lookup("#param-mode").queryAs(ComboBox.class);
        robot.interact(() -> mode.setValue("mean"));
        assertThat(form.valuesProperty().get()).containsEntry("mode", "mean").containsEntry("bright", true);
        assertThat(trim.isVisible()).isTrue();
        Screenshots.save(robot, form, "param-form-mean.png");
        robot.interact(() -> mode.setValue("median"));
        assertThat(trim.isVisible()).isFalse();
    }

    private static void commit(TextField field, String text) {
        field.setText(text);
        field.fireEvent(new ActionEvent());
    }

    @Test
    void aReadOnlyFormTakesNoEdits(FxRobot robot) {
        robot.interact(() -> form.setEditable(false));
        TextField energy = robot.lookup("#param-energy").queryAs(TextField.class);
        assertThat(energy.isEditable()).isFalse();
        assertThat(robot.lookup("#param-bright").queryAs(CheckBox.class).isDisabled()).isTrue();
    }
}
