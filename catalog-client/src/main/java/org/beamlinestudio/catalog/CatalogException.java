package org.beamlinestudio.catalog;

/** A catalog could not answer; the message says which catalog, what was asked and what went wrong. */
public class CatalogException extends Exception {

    private static final long serialVersionUID = 1L;

    /** With a message a scientist can act on. */
    public CatalogException(String message) {
        super(message);
    }

    /** With a message and the cause. */
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
