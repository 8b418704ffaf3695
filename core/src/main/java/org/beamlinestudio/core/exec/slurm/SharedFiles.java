package org.beamlinestudio.core.exec.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.beamlinestudio.core.pipeline.AtomicFiles;

/** A cluster that mounts the workstation's file system under the same paths: nothing is copied. */
public final class SharedFiles implements RemoteFiles {

    @Override
    public void mkdirs(String dir) throws SlurmException {
        try {
            Files.createDirectories(Path.of(dir));
        } catch (IOException e) {
            throw new SlurmException("cannot create the job folder " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeString(String path, String text) throws SlurmException {
        try {
            AtomicFiles.writeString(Path.of(path), text);
        } catch (IOException e) {
            throw new SlurmException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> readString(String path) throws SlurmException {
        Path p = Path.of(path);
        try {
            return Files.isRegularFile(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // being replaced right now; the next poll reads it
        }
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(Path.of(path));
    }

    @Override
    public boolean stage(Path local, String remote) {
        return false; // used in place
    }

    @Override
    public Path fetch(String remote, Path local) {
        return Path.of(remote);
    }

    @Override
    public Optional<Path> inPlace(String remote) {
        return Optional.of(Path.of(remote));
    }
}
