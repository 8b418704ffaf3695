package org.beamlinestudio.viewer;

import java.util.Locale;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5BrokenLink;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.H5Node;

/**
 * The tree of an HDF5 / NeXus file: groups, datasets (shape, type, layout, chunks, filters) and
 * broken links (in red, with the problem), the attributes of the selected node, and a search over
 * node names and attribute names and values.
 */
public final class MetadataBrowser extends BorderPane {

    private final TextField search = new TextField();
    private final Label matchLabel = new Label();
    private final TreeTableView<H5Node> tree = new TreeTableView<>();
    private final TableView<H5Attribute> attributes = new TableView<>();
    private final ReadOnlyObjectWrapper<H5Node> selected = new ReadOnlyObjectWrapper<>(this, "selectedNode");
    private final ReadOnlyIntegerWrapper matches = new ReadOnlyIntegerWrapper(this, "matchCount", 0);
    private final ReadOnlyStringWrapper matchText = new ReadOnlyStringWrapper(this, "matchText", "");
    private H5Group root;

    /** An empty browser; call {@link #setRoot(H5Group)}. */
    public MetadataBrowser() {
        getStyleClass().add("metadata-browser");
        search.setId("metadataSearch");
        search.setPromptText("Search names and attributes");
        HBox.setHgrow(search, Priority.ALWAYS);
        matchLabel.setId("metadataMatches");
        matchLabel.setMinWidth(80);
        matchLabel.textProperty().bind(matchText);
        HBox searchBar = new HBox(6, search, matchLabel);
        searchBar.setAlignment(Pos.CENTER_LEFT);
        searchBar.setPadding(new Insets(4));
        setTop(searchBar);
        search.textProperty().addListener((obs, o, n) -> rebuild());

        tree.setId("metadataTree");
        tree.setShowRoot(true);
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TreeTableColumn<H5Node, H5Node> name = new TreeTableColumn<>("Name");
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
        name.setCellFactory(c -> new NameCell());
        name.setPrefWidth(170);
        TreeTableColumn<H5Node, String> shape = textColumn("Shape", NodeText::shape, 90);
        TreeTableColumn<H5Node, String> type = textColumn("Type", NodeText::type, 70);
        TreeTableColumn<H5Node, String> details = textColumn("Storage / problem", NodeText::details, 160);
        tree.getColumns().add(name);
        tree.getColumns().add(shape);
        tree.getColumns().add(type);
        tree.getColumns().add(details);
        tree.setPlaceholder(new Label("No file"));
        tree.getSelectionModel().selectedItemProperty().addListener((obs, o, n) -> {
            H5Node node = n == null ? null : n.getValue();
            selected.set(node);
            showAttributes(node);
        });

        attributes.setId("metadataAttributes");
        attributes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<H5Attribute, String> aName = new TableColumn<>("Attribute");
        aName.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        aName.setPrefWidth(120);
        TableColumn<H5Attribute, String> aType = new TableColumn<>("Type");
        aType.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().typeDescription()
                + (c.getValue().shape().length == 0 ? "" : " " + NodeText.dims(c.getValue().shape()))));
        aType.setPrefWidth(80);
        TableColumn<H5Attribute, String> aValue = new TableColumn<>("Value");
        aValue.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().valueText()));
        aValue.setPrefWidth(200);
        attributes.getColumns().add(aName);
        attributes.getColumns().add(aType);
        attributes.getColumns().add(aValue);
        attributes.setPlaceholder(new Label("No attributes"));

        SplitPane split = new SplitPane(tree, attributes);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.68);
        setCenter(split);
    }

    /**
     * The selected node's attributes; while searching, only those whose name or value matches (a node found by its
     * own name shows them all), so a match among fifty attributes is seen at once.
     */
    private void showAttributes(H5Node node) {
        if (node == null) {
            attributes.setItems(FXCollections.observableArrayList());
            return;
        }
        String q = query();
        java.util.List<H5Attribute> shown = node.attributes();
        if (!q.isEmpty() && !node.name().toLowerCase(Locale.ROOT).contains(q)) {
            java.util.List<H5Attribute> matching = shown.stream()
                    .filter(a -> a.name().toLowerCase(Locale.ROOT).contains(q)
                            || a.valueText().toLowerCase(Locale.ROOT).contains(q))
                    .toList();
            if (!matching.isEmpty()) {
                shown = matching;
            }
        }
        attributes.setItems(FXCollections.observableArrayList(shown));
    }

    private String query() {
        return search.getText() == null ? "" : search.getText().strip().toLowerCase(Locale.ROOT);
    }

    private static TreeTableColumn<H5Node, String> textColumn(String title,
            java.util.function.Function<H5Node, String> text, double width) {
        TreeTableColumn<H5Node, String> col = new TreeTableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                c.getValue().getValue() == null ? "" : text.apply(c.getValue().getValue())));
        col.setPrefWidth(width);
        col.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item);
                H5Node node = empty || getTableRow() == null ? null : getTableRow().getItem();
                setTooltip(item == null || item.isEmpty() ? null : new Tooltip(item));
                setStyle(node instanceof H5BrokenLink || hasProblem(node) ? "-fx-text-fill: #c62828;" : null);
            }
        });
        return col;
    }

    private static boolean hasProblem(H5Node node) {
        return node instanceof H5DatasetInfo d && d.problem().isPresent();
    }

    /** Name cell: broken links and unreadable datasets in red, with their problem as tooltip. */
    private static final class NameCell extends TreeTableCell<H5Node, H5Node> {
        @Override
        protected void updateItem(H5Node node, boolean empty) {
            super.updateItem(node, empty);
            if (empty || node == null) {
                setText(null);
                setTooltip(null);
                setStyle(null);
                return;
            }
            String text = node.name();
            if (node instanceof H5BrokenLink b) {
                setText(text + "  ⚠ broken link");
                setTooltip(new Tooltip(b.path() + ": " + b.problem()));
                setStyle("-fx-text-fill: #c62828; -fx-font-weight: bold;");
            } else if (hasProblem(node)) {
                setText(text);
                setTooltip(new Tooltip(((H5DatasetInfo) node).problem().orElse("")));
                setStyle("-fx-text-fill: #c62828;");
            } else {
                setText(node instanceof H5Group && !"/".equals(text) ? text + "/" : text);
                setTooltip(new Tooltip(node.path()));
                setStyle(node instanceof H5Group ? "-fx-font-weight: bold;" : null);
            }
        }
    }

    /** Shows a file's tree (replacing any previous one) and keeps the current search. FX thread. */
    public void setRoot(H5Group newRoot) {
        this.root = newRoot;
        rebuild();
    }

    private void rebuild() {
        String previous = selected.get() == null ? null : selected.get().path();
        if (root == null) {
            tree.setRoot(null);
            matches.set(0);
            matchText.set("");
            return;
        }
        String q = search.getText() == null ? "" : search.getText().strip().toLowerCase(Locale.ROOT);
        int[] count = {0};
        TreeItem<H5Node> item;
        if (q.isEmpty()) {
            item = full(root, 0);
        } else {
            item = filtered(root, q, count);
            if (item == null) {
                item = new TreeItem<>(root); // keep the root so the tree does not vanish
            }
            item.setExpanded(true);
        }
        tree.setRoot(item);
        matches.set(count[0]);
        matchText.set(q.isEmpty() ? "" : count[0] == 0 ? "no match" : count[0] == 1 ? "1 match" : count[0] + " matches");
        if (previous != null) {
            select(previous);
        }
        showAttributes(selected.get());
    }

    private static TreeItem<H5Node> full(H5Node node, int depth) {
        TreeItem<H5Node> item = new TreeItem<>(node);
        if (node instanceof H5Group g) {
            for (H5Node child : g.children()) {
                item.getChildren().add(full(child, depth + 1));
            }
            // The first two levels open: enough to see /exchange/data or /entry/instrument at a glance.
            item.setExpanded(depth < 2);
        }
        return item;
    }

    private static TreeItem<H5Node> filtered(H5Node node, String q, int[] count) {
        boolean self = NodeText.matches(node, q);
        if (self) {
            count[0]++;
        }
        TreeItem<H5Node> item = new TreeItem<>(node);
        boolean childMatched = false;
        if (node instanceof H5Group g) {
            for (H5Node child : g.children()) {
                TreeItem<H5Node> c = filtered(child, q, count);
                if (c != null) {
                    item.getChildren().add(c);
                    childMatched = true;
                }
            }
            if (self && !childMatched) {
                // A matching group keeps its content, closed, so it can be explored.
                TreeItem<H5Node> whole = full(node, 99);
                whole.setExpanded(false);
                return whole;
            }
        }
        if (!self && !childMatched) {
            return null;
        }
        item.setExpanded(childMatched);
        return item;
    }

    /** Selects the node at {@code path} if it is in the (possibly filtered) tree. FX thread. */
    public boolean select(String path) {
        TreeItem<H5Node> found = find(tree.getRoot(), path);
        if (found == null) {
            return false;
        }
        for (TreeItem<H5Node> p = found.getParent(); p != null; p = p.getParent()) {
            p.setExpanded(true);
        }
        tree.getSelectionModel().select(found);
        int row = tree.getRow(found);
        if (row >= 0) {
            tree.scrollTo(Math.max(0, row - 3));
        }
        return true;
    }

    /** The tree item of a path in the tree as shown, or null. */
    public TreeItem<H5Node> find(String path) {
        return find(tree.getRoot(), path);
    }

    private static TreeItem<H5Node> find(TreeItem<H5Node> item, String path) {
        if (item == null) {
            return null;
        }
        if (item.getValue() != null && item.getValue().path().equals(path)) {
            return item;
        }
        for (TreeItem<H5Node> c : item.getChildren()) {
            TreeItem<H5Node> f = find(c, path);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** Sets the search text (same as typing it). */
    public void setSearch(String text) {
        search.setText(text);
    }

    /** The node selected in the tree (null when none). */
    public ReadOnlyObjectProperty<H5Node> selectedNodeProperty() {
        return selected.getReadOnlyProperty();
    }

    /** Number of nodes matching the search (0 when the search is empty). */
    public ReadOnlyIntegerProperty matchCountProperty() {
        return matches.getReadOnlyProperty();
    }

    /** "3 matches", "no match", or empty. */
    public String matchText() {
        return matchText.get();
    }

    /** The search box. */
    public TextField searchField() {
        return search;
    }

    /** The tree. */
    public TreeTableView<H5Node> tree() {
        return tree;
    }

    /** The attributes of the selected node. */
    public TableView<H5Attribute> attributeTable() {
        return attributes;
    }
}
