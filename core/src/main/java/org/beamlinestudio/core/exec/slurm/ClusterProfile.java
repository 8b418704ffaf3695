package org.beamlinestudio.core.exec.slurm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How to reach one Slurm cluster and what to ask it for. Saved as JSON (one file per profile); it
 * names where secrets come from ({@link SecretSource}) and never holds a secret itself.
 *
 * @param name             file name and id, e.g. {@code hpc}
 * @param transport        {@code rest} (slurmrestd + JWT) or {@code ssh} (sbatch/squeue over SSH)
 * @param restUrl          slurmrestd base URL, e.g. {@code http://hpc:6820} (rest)
 * @param apiVersion       slurmrestd OpenAPI version; default {@code v0.0.38} (Slurm 22.05)
 * @param host             SSH host (ssh transport and SFTP staging)
 * @param sshPort          SSH port, default 22
 * @param user             cluster user name (REST token user, SSH login)
 * @param partition        {@code #SBATCH --partition}, empty for the cluster's default
 * @param account          {@code --account}, empty for none
 * @param timeLimit        {@code --time}, e.g. {@code 01:00:00}
 * @param memory           {@code --mem}, e.g. {@code 8G}
 * @param cpus             {@code --cpus-per-task}
 * @param gpus             {@code --gpus}, 0 for none
 * @param remoteCommand    how the node starts the CLI, e.g. {@code module load studio && studio}
 * @param remoteWorkDir    where job folders (script, pipeline, log, results) go on the cluster
 * @param remoteDataDir    where inputs are staged when the file system is not shared
 * @param sharedFileSystem true when the cluster sees the workstation's files under the same paths
 * @param localWorkDir     where fetched results go (not shared); empty for the studio's results dir
 * @param identityFile     SSH private key
 * @param knownHostsFile   SSH known_hosts, empty for {@code ~/.ssh/known_hosts}
 * @param strictHostKeys   check the host key against known_hosts (default true; false only for tests)
 * @param token            where the slurmrestd JWT comes from
 * @param keyPassphrase    where the SSH key passphrase comes from (none when the key has none)
 * @param pollSeconds      seconds between status polls (backs off to 8x while nothing changes)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterProfile(String name, String transport, String restUrl, String apiVersion, String host,
                             Integer sshPort, String user, String partition, String account, String timeLimit,
                             String memory, Integer cpus, Integer gpus, String remoteCommand, String remoteWorkDir,
                             String remoteDataDir, Boolean sharedFileSystem, String localWorkDir,
                             String identityFile, String knownHostsFile, Boolean strictHostKeys,
                             SecretSource token, SecretSource keyPassphrase, Double pollSeconds) {

    /** The OpenAPI version Debian 12's Slurm 22.05 serves. */
    public static final String DEFAULT_API_VERSION = "v0.0.38";

    public ClusterProfile {
        transport = transport == null || transport.isBlank() ? "ssh" : transport.toLowerCase(java.util.Locale.ROOT);
        apiVersion = apiVersion == null || apiVersion.isBlank() ? DEFAULT_API_VERSION : apiVersion;
        sshPort = sshPort == null ? 22 : sshPort;
        cpus = cpus == null ? 1 : cpus;
        gpus = gpus == null ? 0 : gpus;
        remoteCommand = remoteCommand == null || remoteCommand.isBlank() ? "studio" : remoteCommand;
        sharedFileSystem = sharedFileSystem != null && sharedFileSystem;
        strictHostKeys = strictHostKeys == null || strictHostKeys;
        pollSeconds = pollSeconds == null || pollSeconds <= 0 ? 5.0 : pollSeconds;
    }

    /** Whether jobs go through slurmrestd (else SSH). */
    public boolean usesRest() {
        return "rest".equals(transport);
    }

    /** "hpc (rest http://hpc:6820)" for lists and error messages. */
    public String describe() {
        return name + " (" + transport + " " + (usesRest() ? restUrl : user + "@" + host + ":" + sshPort) + ")";
    }

    /** A copy with another token source (e.g. a prompt answered for this session only). */
    public ClusterProfile withToken(SecretSource newToken) {
        return new ClusterProfile(name, transport, restUrl, apiVersion, host, sshPort, user, partition, account,
                timeLimit, memory, cpus, gpus, remoteCommand, remoteWorkDir, remoteDataDir, sharedFileSystem,
                localWorkDir, identityFile, knownHostsFile, strictHostKeys, newToken, keyPassphrase, pollSeconds);
    }
}
