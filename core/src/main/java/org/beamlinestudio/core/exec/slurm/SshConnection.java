package org.beamlinestudio.core.exec.slurm;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One SSH session to a cluster's login node (JSch, key auth, host key checked against known_hosts
 * by default), reopened when it drops. Runs commands and opens SFTP channels.
 */
public final class SshConnection implements AutoCloseable {

    /** What a remote command printed and how it ended. */
    public record Result(int exitCode, String out, String err) {
    }

    private final ClusterProfile profile;
    private final Supplier<String> passphrase;
    private Session session;

    /** @param passphrase the key's passphrase, or a supplier of null when the key has none */
    public SshConnection(ClusterProfile profile, Supplier<String> passphrase) {
        this.profile = profile;
        this.passphrase = passphrase;
    }

    private String where() {
        return profile.user() + "@" + profile.host() + ":" + profile.sshPort();
    }

    synchronized Session session() throws SlurmException {
        if (session != null && session.isConnected()) {
            return session;
        }
        JSch jsch = new JSch();
        try {
            String key = profile.identityFile() == null || profile.identityFile().isBlank()
                    ? System.getProperty("user.home") + "/.ssh/id_rsa" : profile.identityFile();
            if (!Files.isReadable(Path.of(key))) {
                throw new SlurmException(profile.name() + ": the SSH key " + key + " does not exist or cannot be read;"
                        + " set 'identityFile' in the profile");
            }
            String pass = passphrase.get();
            if (pass == null || pass.isEmpty()) {
                jsch.addIdentity(key);
            } else {
                jsch.addIdentity(key, pass.getBytes(StandardCharsets.UTF_8));
            }
            String known = profile.knownHostsFile() == null || profile.knownHostsFile().isBlank()
                    ? System.getProperty("user.home") + "/.ssh/known_hosts" : profile.knownHostsFile();
            if (Files.exists(Path.of(known))) {
                jsch.setKnownHosts(known);
            }
            Session s = jsch.getSession(profile.user(), profile.host(), profile.sshPort());
            s.setConfig("StrictHostKeyChecking", profile.strictHostKeys() ? "yes" : "no");
            s.setConfig("PreferredAuthentications", "publickey");
            s.setServerAliveInterval(15_000);
            s.connect(10_000);
            session = s;
            return s;
        } catch (JSchException e) {
            throw translate(e);
        }
    }

    private SlurmException translate(JSchException e) {
        String m = String.valueOf(e.getMessage());
        String known = profile.knownHostsFile() == null || profile.knownHostsFile().isBlank()
                ? "~/.ssh/known_hosts" : profile.knownHostsFile();
        if (m.contains("HostKey has been changed") || m.contains("has been changed")) {
            return new SlurmException("the SSH host key of " + profile.host() + ":" + profile.sshPort()
                    + " has CHANGED since it was recorded in " + known + ": this may be an attack or a reinstalled"
                    + " login node; ask the cluster's admins, then remove the old line from " + known, e);
        }
        if (m.contains("UnknownHostKey") || m.contains("reject HostKey")) {
            return new SlurmException("the SSH host key of " + profile.host() + ":" + profile.sshPort()
                    + " is unknown (not in " + known + "): connect once with `ssh -p " + profile.sshPort() + " "
                    + profile.user() + "@" + profile.host() + "` and check the fingerprint, or add it with ssh-keyscan", e);
        }
        if (m.contains("Auth fail") || m.contains("Auth cancel")) {
            return new SlurmException(profile.name() + ": " + where() + " refused the SSH key "
                    + profile.identityFile() + " (wrong key, passphrase, or user)", e);
        }
        if (e.getCause() instanceof java.net.ConnectException || m.contains("Connection refused")
                || m.contains("timeout") || e.getCause() instanceof java.net.UnknownHostException
                || e.getCause() instanceof java.net.SocketTimeoutException) {
            return new SlurmException("cannot reach the cluster " + profile.name() + " at " + profile.host() + ":"
                    + profile.sshPort() + " over SSH (" + m + "): is the host name and port in the profile right"
                    + " and the network up?", e);
        }
        return new SlurmException(profile.name() + ": SSH to " + where() + " failed: " + m, e);
    }

    /** Runs a command (through the login shell's PATH) and waits for it. */
    public Result exec(String command, String stdin) throws SlurmException {
        ChannelExec ch = null;
        try {
            ch = (ChannelExec) session().openChannel("exec");
            ch.setCommand(command);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ch.setErrStream(err);
            InputStream in = ch.getInputStream();
            var stdinStream = ch.getOutputStream();
            ch.connect(10_000);
            if (stdin != null) {
                stdinStream.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            stdinStream.close();
            byte[] out = in.readAllBytes();
            while (!ch.isClosed()) {
                Thread.sleep(5);
            }
            return new Result(ch.getExitStatus(), new String(out, StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (JSchException e) {
            throw translate(e);
        } catch (IOException e) {
            throw new SlurmException(profile.name() + ": SSH command `" + command + "` on " + where() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlurmException(profile.name() + ": interrupted", e);
        } finally {
            if (ch != null) {
                ch.disconnect();
            }
        }
    }

    /** A connected SFTP channel; the caller disconnects it. */
    public ChannelSftp sftp() throws SlurmException {
        try {
            ChannelSftp ch = (ChannelSftp) session().openChannel("sftp");
            ch.connect(10_000);
            return ch;
        } catch (JSchException e) {
            throw translate(e);
        }
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }

    /** Quotes one word for a POSIX shell. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
