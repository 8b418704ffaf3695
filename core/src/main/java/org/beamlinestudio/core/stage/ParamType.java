package org.beamlinestudio.core.stage;

/** The type of a stage parameter; forms and CLI options are generated from it. */
public enum ParamType {
    INTEGER, DOUBLE, BOOLEAN,
    /** One of {@link ParamSpec#choices()}. */
    CHOICE,
    STRING,
    /** A file or folder path. */
    PATH
}
