package org.beamlinestudio.core.exec.slurm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where a secret (a slurmrestd token, an SSH key passphrase) comes from — never the secret itself:
 * {@code env} (a variable name), {@code file} (readable only by the user), {@code command} (its
 * output, e.g. {@code ssh login scontrol token}; a leading {@code SLURM_JWT=} is dropped) or
 * {@code prompt} (the app asks once per session).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecretSource(String kind, String value) {

    /** Asks the user for a secret; answers null when they decline. */
    public interface Prompt {
        String ask(String what);
    }

    public static SecretSource env(String variable) {
        return new SecretSource("env", variable);
    }

    public static SecretSource file(String path) {
        return new SecretSource("file", path);
    }

    public static SecretSource command(String command) {
        return new SecretSource("command", command);
    }

    public static SecretSource prompt() {
        return new SecretSource("prompt", "");
    }

    /**
     * The secret's text.
     *
     * @param what   what it is for, in messages ("the token for hpc")
     * @param prompt asked when kind is {@code prompt}; may be null (then that kind fails)
     * @throws SlurmException naming the source and what went wrong
     */
    public String resolve(String what, Prompt prompt) throws SlurmException {
        String k = kind == null ? "" : kind;
        switch (k) {
            case "env": {
                String v = System.getenv(value);
                if (v == null || v.isBlank()) {
                    throw new SlurmException(what + ": the environment variable " + value + " is not set");
                }
                return strip(v);
            }
            case "file":
                return strip(readPrivateFile(what, Path.of(value)));
            case "command":
                return strip(runCommand(what, value));
            case "prompt": {
                String v = prompt == null ? null : prompt.ask(what);
                if (v == null || v.isBlank()) {
                    throw new SlurmException(what + ": no value was given");
                }
                return strip(v);
            }
            default:
                throw new SlurmException(what + ": unknown secret source '" + kind
                        + "' (expected env, file, command or prompt)");
        }
    }

    private static String strip(String v) {
        String t = v.trim();
        return t.startsWith("SLURM_JWT=") ? t.substring("SLURM_JWT=".length()) : t;
    }

    private static String readPrivateFile(String what, Path file) throws SlurmException {
        try {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                    throw new SlurmException(what + ": " + file + " is readable by others; make it private with"
                            + " chmod 600 " + file);
                }
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system (Windows): the ACL is the user's business.
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlurmException(what + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String runCommand(String what, String command) throws SlurmException {
        try {
            Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new SlurmException(what + ": `" + command + "` failed" + (err.isEmpty() ? "" : ": " + err));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlurmException(what + ": cannot run `" + command + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlurmException(what + ": interrupted while running `" + command + "`", e);
        }
    }
}
