package org.beamlinestudio.journeys.slurm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.exec.slurm.ClusterProfile;
import org.beamlinestudio.core.exec.slurm.SecretSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The single-node Slurm cluster of {@code scripts/slurm/up.sh}, brought up for the journeys, and
 * profiles that point at it. Without root or the packages the journeys skip, except on CI
 * ({@code CI=true}), where a cluster that cannot come up fails them.
 */
final class TestCluster {

    final Map<String, String> env;
    final Path state;
    final Path studioWrapper;

    private TestCluster(Map<String, String> env, Path studioWrapper) {
        this.env = env;
        this.state = Path.of(env.get("STATE"));
        this.studioWrapper = studioWrapper;
    }

    static TestCluster up() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        if (!Files.exists(repo.resolve("scripts/slurm/up.sh"))) {
            repo = repo.getParent();
        }
        Path up = repo.resolve("scripts/slurm/up.sh");
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        String why = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            why = "the Slurm journeys start a cluster and need root (run as root, e.g. on CI)";
        } else if (!Files.isExecutable(Path.of("/usr/sbin/slurmctld"))) {
            why = "Slurm is not installed: run scripts/setup-test-deps.sh";
        }
        String output = "";
        if (why == null) {
            Process p = new ProcessBuilder(up.toString()).redirectErrorStream(true).start();
            boolean done = p.waitFor(150, TimeUnit.SECONDS);
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
                why = "scripts/slurm/up.sh did not finish in 150 s: " + output;
            } else if (p.exitValue() != 0) {
                why = "scripts/slurm/up.sh failed (exit " + p.exitValue() + "): " + output;
            }
        }
        if (why != null) {
            if (ci) {
                fail("CI=true and no Slurm test cluster: " + why);
            }
            Assumptions.abort("skipping the Slurm journeys: " + why);
        }
        Map<String, String> env = new HashMap<>();
        String stateDir = System.getenv().getOrDefault("STUDIO_SLURM_STATE", "/tmp/studio-slurm");
        for (String line : Files.readAllLines(Path.of(stateDir, "cluster.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new TestCluster(env, writeWrapper(Path.of(env.get("STATE")).resolve("work")));
    }

    /**
     * The node's {@code studio}: this JVM's classpath with the CLI's main class (plugins' commands and
     * stages are found by ServiceLoader the same way). Runs on the plain-Java device so that its
     * result can be compared bit for bit with the local run.
     */
    private static Path writeWrapper(Path dir) throws IOException {
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "#!/bin/bash\n"
                + "if [ \"$1\" = run ]; then set -- \"$@\" --device java; fi\n"
                + "exec " + java + " -Xmx768m -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                + "' org.beamlinestudio.core.cli.StudioCli \"$@\"\n";
        Path f = dir.resolve("studio-" + ProcessHandle.current().pid());
        Files.writeString(f, script);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    /** A REST profile over the shared file system, jobs in {@code work/<name>}. */
    ClusterProfile rest(String name, String remoteCommandPrefix) {
        return new ClusterProfile(name, "rest", env.get("SLURM_REST_URL"), null, null, null, env.get("JOB_USER"),
                env.get("PARTITION"), null, "00:10:00", "1G", 1, 0, remoteCommandPrefix + studioWrapper,
                state.resolve("work").resolve(name).toString(), null, true, null, null, null, null,
                SecretSource.file(env.get("SLURM_TOKEN_FILE")), null, 0.2);
    }

    /** An SSH profile; {@code shared=false} stages into {@code remote/<name>/data} and fetches into localWork. */
    ClusterProfile ssh(String name, String remoteCommandPrefix, boolean shared, Path localWork) {
        Path remote = shared ? state.resolve("work").resolve(name) : state.resolve("remote").resolve(name);
        return new ClusterProfile(name, "ssh", null, null, env.get("SSH_HOST"), Integer.parseInt(env.get("SSH_PORT")),
                env.get("JOB_USER"), env.get("PARTITION"), null, "00:10:00", "1G", 1, 0,
                remoteCommandPrefix + studioWrapper, remote.resolve("work").toString(), remote.resolve("data").toString(),
                shared, localWork == null ? null : localWork.toString(), env.get("SSH_KEY"), env.get("SSH_KNOWN_HOSTS"),
                true, null, null, 0.2);
    }
}
