package org.beamlinestudio.app;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.PluginRegistry.FailedPlugin;
import org.beamlinestudio.core.plugin.PluginRegistry.LoadedPlugin;

/** Help → Plugins: the technique plugins that loaded, and those that failed with their reasons. */
public final class PluginsDialog {

    private PluginsDialog() {
    }

    /** The dialog's content: two tables, {@code #loadedPlugins} and {@code #failedPlugins}. */
    public static VBox content(PluginRegistry registry) {
        TableView<LoadedPlugin> loaded = new TableView<>(FXCollections.observableArrayList(registry.loaded()));
        loaded.setId("loadedPlugins");
        loaded.getColumns().add(col("Id", l -> l.plugin().id(), 110));
        loaded.getColumns().add(col("Name", l -> l.plugin().displayName(), 150));
        loaded.getColumns().add(col("Version", l -> l.plugin().version(), 110));
        TableColumn<LoadedPlugin, Integer> readers = new TableColumn<>("Readers");
        readers.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().readers().size()));
        TableColumn<LoadedPlugin, Integer> stages = new TableColumn<>("Stages");
        stages.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().stages().size()));
        loaded.getColumns().add(readers);
        loaded.getColumns().add(stages);
        loaded.setPlaceholder(new Label("No technique plugin on the classpath"));
        loaded.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        loaded.setPrefHeight(180);

        TableView<FailedPlugin> failed = new TableView<>(FXCollections.observableArrayList(registry.failed()));
        failed.setId("failedPlugins");
        failed.getColumns().add(col("Plugin", FailedPlugin::name, 300));
        failed.getColumns().add(col("Why it failed", FailedPlugin::reason, 480));
        failed.setPlaceholder(new Label("None — every plugin loaded"));
        failed.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        failed.setPrefHeight(140);

        Label loadedTitle = new Label("Loaded (" + registry.loaded().size() + ")");
        loadedTitle.setStyle("-fx-font-weight: bold;");
        Label failedTitle = new Label("Failed (" + registry.failed().size() + ")");
        failedTitle.setStyle("-fx-font-weight: bold;" + (registry.failed().isEmpty() ? "" : " -fx-text-fill: #b71c1c;"));
        VBox box = new VBox(6, loadedTitle, loaded, failedTitle, failed);
        VBox.setVgrow(loaded, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        box.setPrefWidth(820);
        return box;
    }

    private static <T> TableColumn<T, String> col(String title, java.util.function.Function<T, String> text, double w) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyStringWrapper(text.apply(v.getValue())));
        c.setPrefWidth(w);
        // Long class names and reasons stay readable in full as tooltips.
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(item));
            }
        });
        return c;
    }

    /** A non-modal dialog (the app keeps working while it is open). */
    public static Dialog<Void> create(PluginRegistry registry, Window owner) {
        Dialog<Void> d = new Dialog<>();
        d.setTitle("Plugins");
        d.setHeaderText(null);
        if (owner != null) {
            d.initOwner(owner);
        }
        d.initModality(Modality.NONE);
        d.setResizable(true);
        d.getDialogPane().setContent(content(registry));
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        return d;
    }
}
