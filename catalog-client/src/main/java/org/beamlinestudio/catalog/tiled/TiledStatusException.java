package org.beamlinestudio.catalog.tiled;

import org.beamlinestudio.catalog.CatalogException;

/** A Tiled server answered with an HTTP error status; the message already says what to do about it. */
public final class TiledStatusException extends CatalogException {

    private static final long serialVersionUID = 1L;

    private final int status;

    TiledStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, e.g. 401, 404, 400. */
    public int status() {
        return status;
    }
}
