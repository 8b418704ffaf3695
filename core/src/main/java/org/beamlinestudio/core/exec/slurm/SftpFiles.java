package org.beamlinestudio.core.exec.slurm;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.beamlinestudio.core.pipeline.AtomicFiles;

/** A cluster with its own file system: SFTP over the profile's SSH settings, inputs checked by SHA-256. */
public final class SftpFiles implements RemoteFiles {

    private final ClusterProfile profile;
    private final SshConnection ssh;

    public SftpFiles(ClusterProfile profile, SshConnection ssh) {
        this.profile = profile;
        this.ssh = ssh;
    }

    private interface SftpAction<T> {
        T run(ChannelSftp sftp) throws SftpException, IOException, SlurmException;
    }

    private <T> T withSftp(String what, SftpAction<T> action) throws SlurmException {
        ChannelSftp ch = ssh.sftp();
        try {
            return action.run(ch);
        } catch (SftpException | IOException e) {
            throw new SlurmException(profile.name() + ": " + what + " on " + profile.host() + " failed: " + e.getMessage(), e);
        } finally {
            ch.disconnect();
        }
    }

    @Override
    public void mkdirs(String dir) throws SlurmException {
        SshConnection.Result r = ssh.exec("mkdir -p " + SshConnection.quote(dir), null);
        if (r.exitCode() != 0) {
            throw new SlurmException(profile.name() + ": cannot create " + dir + " on " + profile.host() + ": " + r.err().trim());
        }
    }

    @Override
    public void writeString(String path, String text) throws SlurmException {
        withSftp("writing " + path, sftp -> {
            String tmp = path + ".partial";
            sftp.put(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), tmp);
            rename(tmp, path);
            return null;
        });
    }

    private void rename(String from, String to) throws SlurmException {
        SshConnection.Result r = ssh.exec("mv -f " + SshConnection.quote(from) + " " + SshConnection.quote(to), null);
        if (r.exitCode() != 0) {
            throw new SlurmException(profile.name() + ": cannot rename " + from + " to " + to + ": " + r.err().trim());
        }
    }

    @Override
    public Optional<String> readString(String path) throws SlurmException {
        return withSftp("reading " + path, sftp -> {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                sftp.get(path, out);
                return Optional.of(out.toString(StandardCharsets.UTF_8));
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public boolean exists(String path) throws SlurmException {
        return withSftp("looking for " + path, sftp -> {
            try {
                sftp.lstat(path);
                return true;
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean stage(Path local, String remote) throws SlurmException {
        String want = sha256(local);
        if (want.equals(remoteSha256(remote))) {
            return false; // an identical copy is already there: big inputs are not sent twice
        }
        String partial = remote + ".partial";
        int slash = remote.lastIndexOf('/');
        if (slash > 0) {
            mkdirs(remote.substring(0, slash));
        }
        withSftp("uploading " + local + " to " + partial, sftp -> {
            sftp.put(local.toString(), partial);
            return null;
        });
        String got = remoteSha256(partial);
        if (!want.equals(got)) {
            throw new SlurmException(profile.name() + ": the staged copy of " + local + " at " + partial
                    + " has SHA-256 " + got + ", expected " + want + " (transfer damaged); submit again");
        }
        rename(partial, remote);
        return true;
    }

    /** The remote file's SHA-256, or "" when it does not exist. */
    String remoteSha256(String remote) throws SlurmException {
        SshConnection.Result r = ssh.exec("test -f " + SshConnection.quote(remote) + " && sha256sum "
                + SshConnection.quote(remote) + " || true", null);
        String out = r.out().trim();
        return out.isEmpty() ? "" : out.split("\\s+")[0];
    }

    static String sha256(Path file) throws SlurmException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStreamNull.INSTANCE);
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new SlurmException("cannot read the input " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    @Override
    public Path fetch(String remote, Path local) throws SlurmException {
        return withSftp("fetching " + remote, sftp -> {
            Files.createDirectories(local.toAbsolutePath().getParent());
            Path tmp = local.resolveSibling("." + local.getFileName() + ".partial");
            deleteRecursively(tmp);
            SftpATTRS attrs = sftp.stat(remote);
            if (attrs.isDir()) {
                getDir(sftp, remote, tmp);
            } else {
                sftp.get(remote, tmp.toString());
            }
            deleteRecursively(local);
            AtomicFiles.moveAtomically(tmp, local);
            return local;
        });
    }

    private static void getDir(ChannelSftp sftp, String remote, Path local) throws SftpException, IOException {
        Files.createDirectories(local);
        for (Object o : sftp.ls(remote)) {
            ChannelSftp.LsEntry e = (ChannelSftp.LsEntry) o;
            String n = e.getFilename();
            if (".".equals(n) || "..".equals(n)) {
                continue;
            }
            if (e.getAttrs().isDir()) {
                getDir(sftp, remote + "/" + n, local.resolve(n));
            } else {
                sftp.get(remote + "/" + n, local.resolve(n).toString());
            }
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    @Override
    public Optional<Path> inPlace(String remote) {
        return Optional.empty();
    }

    @Override
    public void close() {
        // The SSH session belongs to the executor.
    }
}
