package org.beamlinestudio.app;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;
import org.beamlinestudio.core.exec.slurm.ClusterProfile;
import org.beamlinestudio.core.exec.slurm.ClusterProfiles;
import org.beamlinestudio.core.exec.slurm.JobRecords;
import org.beamlinestudio.core.exec.slurm.SecretSource;
import org.beamlinestudio.core.exec.slurm.SlurmException;
import org.beamlinestudio.core.exec.slurm.SlurmExecutor;

/**
 * Cluster profiles: list, edit, save (atomically, secrets never written), delete, and test the
 * connection off the JavaFX thread; plus the password prompt the session uses for {@code prompt} secrets.
 */
public final class ClusterProfilesDialog {

    private ClusterProfilesDialog() {
    }

    /** The editor; {@code background} runs the connection test (never the FX thread). */
    public static BorderPane content(ClusterProfiles store, Executor background) {
        return new Editor(store, background).root;
    }

    /** Shows the editor as a modal dialog over owner. */
    public static void show(Window owner, ClusterProfiles store, Executor background) {
        Dialog<Void> d = new Dialog<>();
        d.initOwner(owner);
        d.initModality(Modality.WINDOW_MODAL);
        d.setTitle("Cluster profiles");
        d.getDialogPane().setContent(content(store, background));
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        d.show();
    }

    /**
     * A prompt for secrets (token, key passphrase) shown on the FX thread; the caller (a background
     * thread) waits for the answer. Install it once: {@code SessionSecrets.setPrompt(ClusterProfilesDialog.prompt())}.
     */
    public static SecretSource.Prompt prompt() {
        return what -> {
            if (Platform.isFxApplicationThread()) {
                return ask(what);
            }
            CompletableFuture<String> answer = new CompletableFuture<>();
            Platform.runLater(() -> answer.complete(ask(what)));
            return answer.join();
        };
    }

    private static String ask(String what) {
        Dialog<String> d = new Dialog<>();
        d.setTitle("Cluster credentials");
        PasswordField field = new PasswordField();
        field.setId("secretField");
        VBox box = new VBox(6, new Label("Enter " + what + " (kept in memory for this session only):"), field);
        box.setPadding(new Insets(8));
        d.getDialogPane().setContent(box);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK ? field.getText() : null);
        return d.showAndWait().orElse(null);
    }

    /** The editor's controls and what they do. */
    private static final class Editor {
        final ClusterProfiles store;
        final Executor background;
        final BorderPane root = new BorderPane();
        final ListView<ClusterProfile> list = new ListView<>();
        final TextField name = field("profileName");
        final ChoiceBox<String> transport = new ChoiceBox<>(FXCollections.observableArrayList("rest", "ssh"));
        final TextField restUrl = field("profileRestUrl");
        final TextField apiVersion = field("profileApiVersion");
        final TextField host = field("profileHost");
        final TextField sshPort = field("profileSshPort");
        final TextField user = field("profileUser");
        final TextField partition = field("profilePartition");
        final TextField account = field("profileAccount");
        final TextField timeLimit = field("profileTimeLimit");
        final TextField memory = field("profileMemory");
        final TextField cpus = field("profileCpus");
        final TextField gpus = field("profileGpus");
        final TextField remoteCommand = field("profileRemoteCommand");
        final TextField remoteWorkDir = field("profileRemoteWorkDir");
        final TextField remoteDataDir = field("profileRemoteDataDir");
        final CheckBox shared = new CheckBox("The cluster sees this workstation's files under the same paths");
        final TextField identityFile = field("profileIdentityFile");
        final TextField knownHosts = field("profileKnownHosts");
        final ChoiceBox<String> tokenKind = new ChoiceBox<>(FXCollections.observableArrayList("prompt", "env", "file",
                "command"));
        final TextField tokenValue = field("profileTokenValue");
        final Label status = new Label();

        Editor(ClusterProfiles store, Executor background) {
            this.store = store;
            this.background = background;
            list.setId("clusterProfileList");
            list.setPrefWidth(180);
            list.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
                @Override
                protected void updateItem(ClusterProfile p, boolean empty) {
                    super.updateItem(p, empty);
                    setText(empty || p == null ? null : p.name());
                }
            });
            list.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> {
                if (p != null) {
                    fill(p);
                }
            });
            transport.setId("profileTransport");
            shared.setId("profileSharedFs");
            tokenKind.setId("profileTokenKind");
            status.setId("profileStatus");
            status.setWrapText(true);
            status.setMaxWidth(560);

            GridPane form = new GridPane();
            form.setHgap(8);
            form.setVgap(4);
            int r = 0;
            form.addRow(r++, new Label("Name"), name);
            form.addRow(r++, new Label("Transport"), transport);
            form.addRow(r++, new Label("slurmrestd URL"), restUrl);
            form.addRow(r++, new Label("OpenAPI version"), apiVersion);
            form.addRow(r++, new Label("User"), user);
            form.addRow(r++, new Label("Token from"), new HBox(6, tokenKind, tokenValue));
            form.addRow(r++, new Label("SSH host / port"), new HBox(6, host, sshPort));
            form.addRow(r++, new Label("SSH key"), identityFile);
            form.addRow(r++, new Label("known_hosts"), knownHosts);
            form.addRow(r++, new Label("Partition / account"), new HBox(6, partition, account));
            form.addRow(r++, new Label("Time / memory"), new HBox(6, timeLimit, memory));
            form.addRow(r++, new Label("CPUs / GPUs"), new HBox(6, cpus, gpus));
            form.addRow(r++, new Label("Remote command"), remoteCommand);
            form.addRow(r++, new Label("Remote work folder"), remoteWorkDir);
            form.addRow(r++, new Label("Remote data folder"), remoteDataDir);
            form.add(shared, 1, r++);
            sshPort.setPrefColumnCount(5);
            cpus.setPrefColumnCount(4);
            gpus.setPrefColumnCount(4);
            remoteCommand.setPromptText("module load studio && studio");
            tokenValue.setPromptText("variable, file or command (never the token itself)");

            Button add = button("profileNew", "New", this::clear);
            Button save = button("profileSave", "Save", this::save);
            Button delete = button("profileDelete", "Delete", this::delete);
            Button test = button("profileTest", "Test connection", this::test);
            VBox right = new VBox(8, form, new HBox(6, add, save, delete, test), status);
            right.setPadding(new Insets(0, 0, 0, 10));
            root.setLeft(list);
            root.setCenter(right);
            root.setPadding(new Insets(8));
            clear();
            reload(null);
        }

        private static TextField field(String id) {
            TextField f = new TextField();
            f.setId(id);
            return f;
        }

        private static Button button(String id, String text, Runnable action) {
            Button b = new Button(text);
            b.setId(id);
            b.setOnAction(e -> action.run());
            return b;
        }

        void reload(String select) {
            list.getItems().setAll(store.list());
            if (select != null) {
                list.getItems().stream().filter(p -> p.name().equals(select)).findFirst()
                        .ifPresent(p -> list.getSelectionModel().select(p));
            }
        }

        void clear() {
            list.getSelectionModel().clearSelection();
            fill(new ClusterProfile("", "rest", "", null, "", 22, System.getProperty("user.name"), "", "", "01:00:00",
                    "", 1, 0, "studio", "", "", false, "", "", "", true, SecretSource.prompt(), null, 5.0));
        }

        void fill(ClusterProfile p) {
            name.setText(p.name());
            transport.setValue(p.transport());
            restUrl.setText(text(p.restUrl()));
            apiVersion.setText(p.apiVersion());
            host.setText(text(p.host()));
            sshPort.setText(String.valueOf(p.sshPort()));
            user.setText(text(p.user()));
            partition.setText(text(p.partition()));
            account.setText(text(p.account()));
            timeLimit.setText(text(p.timeLimit()));
            memory.setText(text(p.memory()));
            cpus.setText(String.valueOf(p.cpus()));
            gpus.setText(String.valueOf(p.gpus()));
            remoteCommand.setText(p.remoteCommand());
            remoteWorkDir.setText(text(p.remoteWorkDir()));
            remoteDataDir.setText(text(p.remoteDataDir()));
            shared.setSelected(p.sharedFileSystem());
            identityFile.setText(text(p.identityFile()));
            knownHosts.setText(text(p.knownHostsFile()));
            tokenKind.setValue(p.token() == null ? "prompt" : p.token().kind());
            tokenValue.setText(p.token() == null ? "" : text(p.token().value()));
        }

        private static String text(String s) {
            return s == null ? "" : s;
        }

        private static String orNull(TextField f) {
            String t = f.getText().trim();
            return t.isEmpty() ? null : t;
        }

        /** The form as a profile; throws with a message naming the field that is wrong. */
        ClusterProfile profile() {
            return new ClusterProfile(name.getText().trim(), transport.getValue(), orNull(restUrl), orNull(apiVersion),
                    orNull(host), number(sshPort, "SSH port"), orNull(user), orNull(partition), orNull(account),
                    orNull(timeLimit), orNull(memory), number(cpus, "CPUs"), number(gpus, "GPUs"), orNull(remoteCommand),
                    orNull(remoteWorkDir), orNull(remoteDataDir), shared.isSelected(), null, orNull(identityFile),
                    orNull(knownHosts), true, new SecretSource(tokenKind.getValue(), text(orNull(tokenValue))), null,
                    null);
        }

        private static Integer number(TextField f, String what) {
            String t = f.getText().trim();
            if (t.isEmpty()) {
                return null;
            }
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " must be a whole number, not '" + t + "'");
            }
        }

        void save() {
            try {
                ClusterProfile p = profile();
                store.save(p);
                status.setText("Saved " + p.describe() + " in " + store.dir());
                reload(p.name());
            } catch (IOException | IllegalArgumentException e) {
                status.setText("Not saved: " + e.getMessage());
            }
        }

        void delete() {
            ClusterProfile p = list.getSelectionModel().getSelectedItem();
            if (p == null) {
                status.setText("Select a profile to delete");
                return;
            }
            try {
                store.delete(p.name());
                status.setText("Deleted " + p.name() + " (its jobs' records stay)");
                reload(null);
                clear();
            } catch (IOException e) {
                status.setText("Could not delete " + p.name() + ": " + e.getMessage());
            }
        }

        void test() {
            ClusterProfile p;
            try {
                p = profile();
            } catch (IllegalArgumentException e) {
                status.setText(e.getMessage());
                return;
            }
            status.setText("Connecting to " + p.describe() + " …");
            ClusterProfile tested = p;
            background.execute(() -> {
                String result;
                try (SlurmExecutor ex = SlurmExecutor.open(tested, new JobRecords(store.dir().resolve(".test-jobs")),
                        null)) {
                    ex.ping();
                    result = tested.name() + ": the cluster answers and accepts the credentials";
                } catch (SlurmException | RuntimeException e) {
                    result = e.getMessage();
                }
                String text = result;
                Platform.runLater(() -> status.setText(text));
            });
        }
    }
}
