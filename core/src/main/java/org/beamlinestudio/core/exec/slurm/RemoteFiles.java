package org.beamlinestudio.core.exec.slurm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The cluster's files as the client sees them: the same files when the file system is shared
 * ({@link SharedFiles}), over SFTP when it is not ({@link SftpFiles}). Paths are the cluster's.
 */
public interface RemoteFiles extends AutoCloseable {

    void mkdirs(String dir) throws SlurmException;

    /** Writes a small text file so that a reader never sees half of it. */
    void writeString(String path, String text) throws SlurmException;

    /** A small text file's content; empty when it does not exist. */
    Optional<String> readString(String path) throws SlurmException;

    boolean exists(String path) throws SlurmException;

    /**
     * Puts a local input on the cluster, checked by SHA-256; skips the copy when an identical
     * file is already there.
     *
     * @return true when it uploaded, false when an identical file was already there
     */
    boolean stage(Path local, String remote) throws SlurmException;

    /** Copies a result (file or folder) to the workstation; returns where it is locally. */
    Path fetch(String remote, Path local) throws SlurmException;

    /** Where a remote path can be opened from the workstation without copying, if it can. */
    Optional<Path> inPlace(String remote);

    @Override
    default void close() {
    }
}
