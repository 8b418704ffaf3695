package org.beamlinestudio.core.data;

/** Carries a {@link DataFileException} through APIs that cannot throw checked exceptions (ImgLib2). */
public class UncheckedDataFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UncheckedDataFileException(DataFileException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized DataFileException getCause() {
        return (DataFileException) super.getCause();
    }
}
