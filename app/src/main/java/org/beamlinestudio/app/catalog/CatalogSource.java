package org.beamlinestudio.app.catalog;

import java.net.URI;
import org.beamlinestudio.catalog.Catalog;
import org.beamlinestudio.core.exec.slurm.SecretSource;

/**
 * One line of the catalogs list: a catalog that is open, being opened, or that could not be opened (with why).
 * Mutated on the FX thread only.
 */
final class CatalogSource {
    /** Local folders or a Tiled server. */
    enum Kind { LOCAL, TILED }

    final Kind kind;
    final String title;
    final URI uri;
    final SecretSource key;
    Catalog catalog;
    String state;
    boolean failed;

    CatalogSource(Kind kind, String title, URI uri, SecretSource key) {
        this.kind = kind;
        this.title = title;
        this.uri = uri;
        this.key = key;
        this.state = "connecting …";
    }

    /** What the list shows. */
    String text() {
        return title + (catalog != null && !failed ? "" : "  —  " + state);
    }
}
