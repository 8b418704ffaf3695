package org.beamlinestudio.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.cell.ProgressBarTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.JobState;

/**
 * The Jobs panel: every job the shell follows (local and remote), with its state, progress, elapsed time
 * and message, the selected job's log tail, Cancel and Open result. Job listeners fire on job threads:
 * they only mark the job dirty, and a 10 Hz timer on the FX thread copies the dirty jobs into their rows,
 * so a chatty job costs at most ten table updates a second.
 */
public final class JobsPanel extends BorderPane {

    /** Milliseconds between two refreshes of the rows (coalesces job updates to about 10 per second). */
    static final int REFRESH_MS = 100;

    /** One row of the table: the job and the FX-thread copy of what it last said. */
    public static final class JobRow {
        private final JobHandle job;
        private final SimpleStringProperty state = new SimpleStringProperty("");
        private final SimpleDoubleProperty progress = new SimpleDoubleProperty(-1);
        private final SimpleStringProperty elapsed = new SimpleStringProperty("");
        private final SimpleStringProperty message = new SimpleStringProperty("");
        private final SimpleObjectProperty<JobState> jobState = new SimpleObjectProperty<>();

        JobRow(JobHandle job) {
            this.job = job;
            refresh();
        }

        /** Copies the job's state into the row; FX thread. */
        void refresh() {
            JobState s = job.state();
            jobState.set(s);
            state.set(s.name());
            double p = job.progress();
            progress.set(s == JobState.COMPLETED ? 1.0 : p < 0 ? javafx.scene.control.ProgressIndicator.INDETERMINATE_PROGRESS : p);
            String m = s == JobState.FAILED ? job.failure().orElse(job.message()) : job.message();
            message.set(m == null ? "" : m);
            refreshElapsed();
        }

        void refreshElapsed() {
            elapsed.set(job.started().map(t0 -> formatElapsed(java.time.Duration.between(t0,
                    job.finished().orElse(Instant.now())))).orElse(""));
        }

        /** The job. */
        public JobHandle job() {
            return job;
        }

        /** The state as last copied to the row. */
        public JobState state() {
            return jobState.get();
        }

        /** The state as last copied to the row, observable (FX thread). */
        public javafx.beans.value.ObservableValue<JobState> stateProperty() {
            return jobState;
        }

        /** The progress bar's value as last copied (1.0 once completed). */
        public double progress() {
            return progress.get();
        }

        /** The message column's text. */
        public String message() {
            return message.get();
        }

        /** The elapsed column's text. */
        public String elapsed() {
            return elapsed.get();
        }
    }

    private final TableView<JobRow> table = new TableView<>();
    private final TextArea log = new TextArea();
    private final Button cancel = new Button("Cancel");
    private final Button openResult = new Button("Open result");
    private final Set<JobHandle> dirty = ConcurrentHashMap.newKeySet();
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(this, "running", 0);
    private final Executor io;
    private final Consumer<Path> openFile;
    private final Timeline ticker;
    private long logRequest;
    private int ticks;

    /**
     * @param io       where log tails are fetched (a remote job's tail may need the network)
     * @param openFile opens a finished job's result in the shell
     */
    public JobsPanel(Executor io, Consumer<Path> openFile) {
        this.io = io;
        this.openFile = openFile;
        setId("jobsPanel");
        table.setId("jobsTable");
        table.setPlaceholder(new Label("No jobs yet: reconstructions and exports you start appear here."));
        table.getColumns().add(textColumn("Job", 260, r -> new SimpleStringProperty(r.job.title())));
        table.getColumns().add(textColumn("Where", 150, r -> new SimpleStringProperty(r.job.where())));
        table.getColumns().add(textColumn("State", 100, r -> r.state));
        TableColumn<JobRow, Double> progressCol = new TableColumn<>("Progress");
        progressCol.setPrefWidth(140);
        progressCol.setCellValueFactory(c -> c.getValue().progress.asObject());
        progressCol.setCellFactory(ProgressBarTableCell.forTableColumn());
        table.getColumns().add(progressCol);
        table.getColumns().add(textColumn("Elapsed", 80, r -> r.elapsed));
        table.getColumns().add(textColumn("Message", 360, r -> r.message));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        log.setId("jobLog");
        log.setEditable(false);
        log.setWrapText(false);
        log.setPromptText("The selected job's log");
        log.setStyle("-fx-font-family: monospace;");

        cancel.setId("jobCancel");
        cancel.setOnAction(e -> selected().ifPresent(r -> r.job.cancel()));
        openResult.setId("jobOpenResult");
        openResult.setOnAction(e -> selected().flatMap(r -> r.job.result()).ifPresent(openFile));
        Label title = new Label("Jobs");
        title.setStyle("-fx-font-weight: bold;");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(8, title, grow, cancel, openResult);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        bar.setStyle("-fx-background-color: #eceff1;");

        SplitPane split = new SplitPane(table, log);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.68);
        setTop(bar);
        setCenter(split);
        setPrefHeight(220);

        table.getSelectionModel().selectedItemProperty().addListener((obs, o, n) -> {
            updateButtons();
            fetchLog();
        });
        updateButtons();

        ticker = new Timeline(new KeyFrame(Duration.millis(REFRESH_MS), e -> tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
    }

    private static TableColumn<JobRow, String> textColumn(String name, double width,
            java.util.function.Function<JobRow, javafx.beans.value.ObservableValue<String>> value) {
        TableColumn<JobRow, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> value.apply(cd.getValue()));
        return c;
    }

    /** Follows a job from now on (selects it). Any thread. */
    public void add(JobHandle job) {
        if (!Platform.isFxApplicationThread()) {
            Platform.runLater(() -> add(job));
            return;
        }
        if (table.getItems().stream().anyMatch(r -> r.job == job || r.job.id().equals(job.id()))) {
            return;
        }
        JobRow row = new JobRow(job);
        table.getItems().add(0, row);
        job.addListener(dirty::add);
        // A job may have changed between being created and being listened to.
        dirty.add(job);
        job.completion().whenComplete((s, ex) -> dirty.add(job));
        table.getSelectionModel().select(row);
        countRunning();
    }

    private void tick() {
        ticks++;
        boolean selectedChanged = false;
        if (!dirty.isEmpty()) {
            List<JobHandle> changed = new ArrayList<>(dirty);
            dirty.removeAll(changed);
            for (JobRow r : table.getItems()) {
                if (changed.contains(r.job)) {
                    r.refresh();
                    selectedChanged |= r == table.getSelectionModel().getSelectedItem();
                }
            }
            countRunning();
            updateButtons();
        }
        if (ticks % 10 == 0) {
            table.getItems().stream().filter(r -> !r.state().isFinal()).forEach(JobRow::refreshElapsed);
            // A remote log grows without listener calls: refresh the selected job's tail once a second.
            selectedChanged |= selected().isPresent() && !selected().get().state().isFinal();
        }
        if (selectedChanged) {
            fetchLog();
        }
    }

    private void countRunning() {
        running.set((int) table.getItems().stream().filter(r -> r.state() == JobState.RUNNING).count());
    }

    private java.util.Optional<JobRow> selected() {
        return java.util.Optional.ofNullable(table.getSelectionModel().getSelectedItem());
    }

    private void updateButtons() {
        JobRow r = table.getSelectionModel().getSelectedItem();
        cancel.setDisable(r == null || r.state().isFinal());
        openResult.setDisable(r == null || r.state() != JobState.COMPLETED || r.job.result().isEmpty());
    }

    /** Reads the selected job's log tail off the FX thread; the latest request wins. */
    private void fetchLog() {
        long req = ++logRequest;
        JobRow r = table.getSelectionModel().getSelectedItem();
        if (r == null) {
            log.setText("");
            return;
        }
        JobHandle job = r.job;
        CompletableFuture.supplyAsync(() -> logText(job), io).whenComplete((text, ex) -> Platform.runLater(() -> {
            if (req == logRequest) {
                log.setText(ex != null ? "cannot read the log: " + ex.getMessage() : text);
                log.positionCaret(log.getLength());
            }
        }));
    }

    private static String logText(JobHandle job) {
        StringBuilder sb = new StringBuilder();
        String tail = job.logTail();
        if (tail != null && !tail.isEmpty()) {
            sb.append(tail);
            if (!tail.endsWith("\n")) {
                sb.append('\n');
            }
        }
        job.failure().ifPresent(f -> sb.append("FAILED: ").append(f).append('\n'));
        job.result().filter(p -> job.state() == JobState.COMPLETED)
                .ifPresent(p -> sb.append("Result: ").append(p).append('\n'));
        if (sb.length() == 0) {
            sb.append(job.state()).append(job.message() == null || job.message().isEmpty() ? "" : ": " + job.message());
        }
        return sb.toString();
    }

    static String formatElapsed(java.time.Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    /** How many followed jobs are RUNNING now (as last refreshed). */
    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The rows, newest first. */
    public List<JobRow> rows() {
        return List.copyOf(table.getItems());
    }

    /** The table. */
    public TableView<JobRow> table() {
        return table;
    }

    /** The log tail area's text. */
    public String logText() {
        return log.getText();
    }

    /** Stops the refresh timer. */
    public void dispose() {
        ticker.stop();
    }
}
