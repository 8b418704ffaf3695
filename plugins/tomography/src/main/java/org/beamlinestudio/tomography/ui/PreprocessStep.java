package org.beamlinestudio.tomography.ui;

import java.util.concurrent.RejectedExecutionException;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.tomography.preview.PipelineRowPreview;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.pipeline.PipelineEditor;

/**
 * The Preprocess step: the session's pipeline in a {@link PipelineEditor} and, for the selected stage, its input
 * and output on the preview row side by side, computed in the background (latest request wins, cancellable).
 * The reconstruction stage is listed and editable too: its center is kept in sync with the Center step by the
 * session, so an edit here is an edit there. Ids: those of the editor, {@code previewRow}, {@code previewBefore},
 * {@code previewAfter}, {@code previewProgress}, {@code previewStatus}, {@code previewCancel}.
 */
public final class PreprocessStep implements TomographyStep {

    private final TomographySession session;
    private final PipelineRowPreview preview;
    private final PipelineEditor editor;
    private final Spinner<Integer> row = new Spinner<>();
    private final FloatImageView before = new FloatImageView();
    private final FloatImageView after = new FloatImageView();
    private final ProgressIndicator progress = new ProgressIndicator(-1);
    private final Label status = new Label();
    private final Button cancel = new Button("Cancel");
    private final SplitPane root;
    private Cancellation running;
    private long generation;

    /** The step over {@code session}, previewing with {@code preview}. FX thread. */
    public PreprocessStep(TomographySession session, PipelineRowPreview preview) {
        this.session = session;
        this.preview = preview;
        editor = new PipelineEditor(session.context().plugins(), TomographyPlugin.ID,
                session.context().userDirectory(TomographyPlugin.ID), session.source().kind());
        editor.pipelineProperty().bindBidirectional(session.pipelineProperty());

        SpinnerValueFactory.IntegerSpinnerValueFactory rows = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                0, Math.max(0, session.rows() - 1), session.previewRowProperty().get());
        row.setValueFactory(rows);
        row.setId("previewRow");
        row.setEditable(true);
        row.setPrefWidth(100);
        rows.valueProperty().addListener((obs, o, n) -> {
            if (n != null && n != session.previewRowProperty().get()) {
                session.previewRowProperty().set(n);
            }
        });
        session.previewRowProperty().addListener((obs, o, n) -> {
            if (!n.equals(rows.getValue())) {
                rows.setValue(n.intValue());
            }
            schedule();
        });

        before.setId("previewBefore");
        after.setId("previewAfter");
        progress.setId("previewProgress");
        progress.setPrefSize(18, 18);
        progress.setVisible(false);
        status.setId("previewStatus");
        status.setWrapText(true);
        cancel.setId("previewCancel");
        cancel.setDisable(true);
        cancel.setOnAction(e -> cancelRunning("Preview cancelled"));

        Label rowLabel = new Label("Detector row");
        rowLabel.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        row.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(6, rowLabel, row, progress, cancel, status);
        top.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(status, Priority.ALWAYS);
        VBox beforeBox = titled("Before the stage", before);
        VBox afterBox = titled("After the stage", after);
        HBox images = new HBox(6, beforeBox, afterBox);
        HBox.setHgrow(beforeBox, Priority.ALWAYS);
        HBox.setHgrow(afterBox, Priority.ALWAYS);
        VBox.setVgrow(images, Priority.ALWAYS);
        VBox right = new VBox(6, top, images);
        right.setPadding(new Insets(6));

        root = new SplitPane(editor, right);
        root.setOrientation(Orientation.HORIZONTAL);
        root.setDividerPositions(0.36);

        editor.selectedStageIndexProperty().addListener((obs, o, n) -> schedule());
        session.pipelineProperty().addListener((obs, o, n) -> schedule());
        if (!session.pipelineProperty().get().stages().isEmpty()) {
            editor.selectedStageIndexProperty().set(0);
        }
    }

    private static VBox titled(String title, FloatImageView view) {
        Label l = new Label(title);
        l.setStyle("-fx-font-weight: bold;");
        view.setMinSize(120, 120);
        view.setPrefSize(360, 360);
        VBox.setVgrow(view, Priority.ALWAYS);
        VBox box = new VBox(2, l, view);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    @Override
    public String title() {
        return "Preprocess";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void activated() {
        schedule();
    }

    @Override
    public void close() {
        cancelRunning("");
    }

    /** The editor (for the perspective and tests). */
    public PipelineEditor editor() {
        return editor;
    }

    private void cancelRunning(String message) {
        if (running != null) {
            running.cancel();
            running = null;
        }
        generation++;
        progress.setVisible(false);
        cancel.setDisable(true);
        status.setText(message);
    }

    /** Starts computing the selected stage's before/after on the preview row; a newer request drops this one. */
    private void schedule() {
        Pipeline p = session.pipelineProperty().get();
        int k = editor.selectedStageIndexProperty().get();
        int r = session.previewRowProperty().get();
        cancelRunning("");
        if (p == null || k < 0 || k >= p.stages().size()) {
            before.showMessage("Select a stage to see its input and output on row " + r);
            after.showMessage("");
            return;
        }
        long gen = generation;
        Cancellation c = new Cancellation();
        running = c;
        progress.setVisible(true);
        cancel.setDisable(false);
        status.setText("Computing stage " + (k + 1) + " on row " + r + "…");
        try {
            session.context().background().execute(() -> compute(p, k, r, c, gen));
        } catch (RejectedExecutionException e) {
            finish(gen, () -> after.showMessage("The preview could not start: " + e.getMessage()), "");
        }
    }

    private void compute(Pipeline p, int k, int r, Cancellation c, long gen) {
        PipelineRowPreview.RowImage in;
        try {
            in = preview.before(session.source(), p, r, k, c);
        } catch (StageException | RuntimeException e) {
            String msg = "A stage before this one failed on row " + r + ":\n" + e.getMessage();
            finish(gen, () -> {
                before.showMessage(msg);
                after.showMessage("");
            }, "Failed");
            return;
        } catch (Cancellation.CancelledException e) {
            return;
        }
        PipelineRowPreview.RowImage out;
        try {
            out = preview.after(session.source(), p, r, k, c);
        } catch (StageException | RuntimeException e) {
            String msg = "This stage failed on row " + r + ":\n" + e.getMessage();
            finish(gen, () -> {
                before.setImage(in.data(), in.width(), in.height(), in.caption());
                after.showMessage(msg);
            }, "Failed");
            return;
        } catch (Cancellation.CancelledException e) {
            return;
        }
        finish(gen, () -> {
            before.setImage(in.data(), in.width(), in.height(), in.caption());
            after.setImage(out.data(), out.width(), out.height(), out.caption());
        }, "Row " + r + ", stage " + (k + 1) + ": " + out.caption()); // the caption in full, with geometry changes
    }

    /** Shows a result on the FX thread unless a newer request came since. */
    private void finish(long gen, Runnable show, String message) {
        Platform.runLater(() -> {
            if (gen != generation) {
                return;
            }
            running = null;
            progress.setVisible(false);
            cancel.setDisable(true);
            status.setText(message);
            show.run();
        });
    }
}
