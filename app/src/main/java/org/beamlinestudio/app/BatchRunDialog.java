package org.beamlinestudio.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.exec.BatchRun;
import org.beamlinestudio.core.exec.JobArrayExecutor;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.PipelineInvalidException;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.tiff.NaturalOrder;

/**
 * Batch mode: one saved pipeline over a list of scans (files, or every HDF5/NeXus file of a folder), on this
 * workstation (one queued job per scan) or on a cluster (one Slurm job array). The jobs go to the Jobs panel.
 */
final class BatchRunDialog {

    /** HDF5 files start with this signature (at offset 0 for every file we write or read). */
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    final GridPane root = new GridPane();
    final TextField pipelineField = new TextField();
    final ListView<Path> scans = new ListView<>();
    final ComboBox<org.beamlinestudio.core.exec.Executor> runOn = new ComboBox<>();
    final TextField outputField = new TextField();
    final Label message = new Label();
    private final Button submit = new Button("Submit");
    private final Executor background;
    private final Consumer<JobHandle> jobSubmitted;

    BatchRunDialog(List<org.beamlinestudio.core.exec.Executor> executors, Path defaultOutput, Executor background,
                   Consumer<JobHandle> jobSubmitted) {
        this.background = background;
        this.jobSubmitted = jobSubmitted;
        pipelineField.setId("batchPipeline");
        pipelineField.setPromptText("a pipeline saved from the Preprocess step (File: Save pipeline)");
        Button browsePipeline = new Button("Browse…");
        browsePipeline.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Pipeline to run");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Pipeline (*.json)", "*.json"));
            File f = fc.showOpenDialog(root.getScene().getWindow());
            if (f != null) {
                pipelineField.setText(f.getPath());
            }
        });
        scans.setId("batchScans");
        scans.setPrefHeight(180);
        Button addFiles = new Button("Add files…");
        addFiles.setId("batchAddFiles");
        addFiles.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Scans");
            List<File> fs = fc.showOpenMultipleDialog(root.getScene().getWindow());
            if (fs != null) {
                fs.forEach(f -> addScan(f.toPath()));
            }
        });
        Button addFolder = new Button("Add folder…");
        addFolder.setId("batchAddFolder");
        addFolder.setOnAction(e -> {
            File d = new DirectoryChooser().showDialog(root.getScene().getWindow());
            if (d != null) {
                addFolder(d.toPath());
            }
        });
        Button remove = new Button("Remove");
        remove.setOnAction(e -> scans.getItems().removeAll(List.copyOf(scans.getSelectionModel().getSelectedItems())));
        runOn.setId("batchRunOn");
        runOn.getItems().setAll(executors);
        runOn.setConverter(new StringConverter<>() {
            @Override
            public String toString(org.beamlinestudio.core.exec.Executor e) {
                return e == null ? "" : e.displayName() + (e instanceof JobArrayExecutor ? " (one job array)" : "");
            }

            @Override
            public org.beamlinestudio.core.exec.Executor fromString(String s) {
                return null;
            }
        });
        if (!executors.isEmpty()) {
            runOn.setValue(executors.get(0));
        }
        outputField.setId("batchOutput");
        outputField.setText(defaultOutput.toString());
        outputField.disableProperty().bind(runOn.valueProperty().map(e -> e instanceof JobArrayExecutor));
        submit.setId("batchSubmit");
        submit.setDefaultButton(true);
        submit.setOnAction(e -> submit());
        message.setId("batchMessage");
        message.setWrapText(true);
        message.setMaxWidth(560);

        root.setHgap(8);
        root.setVgap(8);
        root.setPadding(new Insets(10));
        HBox.setHgrow(pipelineField, Priority.ALWAYS);
        root.addRow(0, new Label("Pipeline"), new HBox(6, pipelineField, browsePipeline));
        root.addRow(1, new Label("Scans"), scans);
        root.add(new HBox(6, addFiles, addFolder, remove), 1, 2);
        root.addRow(3, new Label("Run on"), runOn);
        root.addRow(4, new Label("Results into"), outputField);
        root.add(new HBox(8, submit), 1, 5);
        root.add(message, 1, 6);
        GridPane.setHgrow(scans, Priority.ALWAYS);
        pipelineField.setPrefColumnCount(40);
    }

    /** Shows the dialog over {@code owner}. */
    static void show(Window owner, List<org.beamlinestudio.core.exec.Executor> executors, Path defaultOutput,
                     Executor background, Consumer<JobHandle> jobSubmitted) {
        show(owner, executors, defaultOutput, background, jobSubmitted, List.of());
    }

    /** Shows the dialog with {@code scans} already listed (entries chosen in the Catalog panel). */
    static BatchRunDialog show(Window owner, List<org.beamlinestudio.core.exec.Executor> executors, Path defaultOutput,
                     Executor background, Consumer<JobHandle> jobSubmitted, List<Path> scans) {
        BatchRunDialog content = new BatchRunDialog(executors, defaultOutput, background, jobSubmitted);
        scans.forEach(content::addScan);
        Dialog<Void> d = new Dialog<>();
        d.initOwner(owner);
        d.initModality(Modality.WINDOW_MODAL);
        d.setTitle("Batch run");
        d.getDialogPane().setContent(content.root);
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        d.show();
        return content;
    }

    void addScan(Path file) {
        Path p = file.toAbsolutePath().normalize();
        if (!scans.getItems().contains(p)) {
            scans.getItems().add(p);
        }
    }

    /** Adds every HDF5 file (by its signature, not its name) directly inside {@code folder}, in natural order. */
    void addFolder(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> found = s.filter(BatchRunDialog::isHdf5).sorted(NaturalOrder.BY_FILE_NAME).toList();
            found.forEach(this::addScan);
            message.setText(found.isEmpty() ? "No HDF5 file in " + folder : "Added " + found.size() + " scans from "
                    + folder);
        } catch (IOException e) {
            message.setText("Cannot list " + folder + ": " + e.getMessage());
        }
    }

    private static boolean isHdf5(Path p) {
        if (!Files.isRegularFile(p) || p.getFileName().toString().startsWith(".")) {
            return false;
        }
        try (var in = Files.newInputStream(p)) {
            return java.util.Arrays.equals(in.readNBytes(HDF5_SIGNATURE.length), HDF5_SIGNATURE);
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the pipeline and submits the batch off the FX thread; the jobs go to the Jobs panel. */
    void submit() {
        String pipelineText = pipelineField.getText().trim();
        List<Path> inputs = List.copyOf(scans.getItems());
        org.beamlinestudio.core.exec.Executor executor = runOn.getValue();
        if (pipelineText.isEmpty() || inputs.isEmpty() || executor == null) {
            message.setText("Choose a pipeline file, at least one scan and where to run.");
            return;
        }
        Path output = Path.of(outputField.getText().trim());
        submit.setDisable(true);
        message.setText("Submitting " + inputs.size() + " scans to " + executor.displayName() + " …");
        CompletableFuture.supplyAsync(() -> {
            try {
                Pipeline pipeline = PipelineJson.read(Path.of(pipelineText));
                if (!(executor instanceof JobArrayExecutor)) {
                    Files.createDirectories(output);
                }
                return BatchRun.submit(executor, pipeline, inputs, output);
            } catch (DataFileException | PipelineInvalidException | IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, background).whenComplete((jobs, error) -> Platform.runLater(() -> {
            submit.setDisable(false);
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                message.setText("Not submitted: " + cause.getMessage());
                return;
            }
            jobs.forEach(jobSubmitted);
            message.setText("Submitted " + jobs.size() + (jobs.size() == 1 ? " job" : " jobs") + " for "
                    + inputs.size() + " scans: follow them in the Jobs panel.");
        }));
    }
}
