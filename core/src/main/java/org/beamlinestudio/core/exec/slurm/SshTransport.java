package org.beamlinestudio.core.exec.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Slurm's commands over SSH: {@code sbatch --parsable}, {@code squeue}, {@code scontrol show job}, {@code scancel}. */
public final class SshTransport implements SlurmTransport {
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S*)");

    private final ClusterProfile profile;
    private final SshConnection ssh;

    public SshTransport(ClusterProfile profile, SshConnection ssh) {
        this.profile = profile;
        this.ssh = ssh;
    }

    @Override
    public void ping() throws SlurmException {
        SshConnection.Result r = ssh.exec("scontrol ping", null);
        if (r.exitCode() != 0) {
            throw new SlurmException(profile.name() + ": `scontrol ping` on " + profile.host() + " failed: "
                    + (r.err() + r.out()).trim());
        }
    }

    @Override
    public String submit(SubmitRequest r) throws SlurmException {
        // The script carries the #SBATCH lines; it goes in on stdin so nothing else has to be uploaded.
        String cmd = "mkdir -p " + SshConnection.quote(r.workDir()) + " && cd " + SshConnection.quote(r.workDir())
                + " && sbatch --parsable";
        SshConnection.Result res = ssh.exec(cmd, r.script());
        if (res.exitCode() != 0) {
            throw new SlurmException(profile.name() + ": sbatch refused the job: " + res.err().trim()
                    + (res.err().contains("invalid partition") ? " (check 'partition' in the profile; `sinfo` lists"
                    + " the partitions)" : ""));
        }
        String id = res.out().trim().split(";")[0].trim();
        if (!id.matches("\\d+")) {
            throw new SlurmException(profile.name() + ": sbatch answered '" + res.out().trim() + "', not a job id");
        }
        return id;
    }

    @Override
    public List<SlurmTaskStatus> status(String jobId) throws SlurmException {
        // scontrol knows running and (until MinJobAge) finished jobs, with exit codes; squeue does not.
        SshConnection.Result r = ssh.exec("scontrol -o show job " + SshConnection.quote(jobId), null);
        List<SlurmTaskStatus> out = new ArrayList<>();
        if (r.exitCode() != 0) {
            if ((r.err() + r.out()).contains("Invalid job id")) {
                return out;
            }
            throw new SlurmException(profile.name() + ": `scontrol show job " + jobId + "` failed: " + r.err().trim());
        }
        for (String line : r.out().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            java.util.Map<String, String> f = new java.util.HashMap<>();
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                f.putIfAbsent(m.group(1), m.group(2));
            }
            String id = f.getOrDefault("JobId", jobId);
            if (f.containsKey("ArrayTaskId") && f.containsKey("ArrayJobId")) {
                id = f.get("ArrayJobId") + "_" + f.get("ArrayTaskId");
            }
            String exit = f.getOrDefault("ExitCode", "-1:0");
            int code;
            try {
                code = Integer.parseInt(exit.split(":")[0]);
            } catch (NumberFormatException e) {
                code = -1;
            }
            String node = f.getOrDefault("NodeList", "");
            out.add(new SlurmTaskStatus(id, f.getOrDefault("JobState", ""), f.getOrDefault("Reason", ""), code,
                    "(null)".equals(node) ? "" : node));
        }
        return out;
    }

    @Override
    public void cancel(String jobId) throws SlurmException {
        SshConnection.Result r = ssh.exec("scancel " + SshConnection.quote(jobId), null);
        if (r.exitCode() != 0) {
            throw new SlurmException(profile.name() + ": scancel " + jobId + " failed: " + r.err().trim());
        }
    }

    @Override
    public void close() {
        ssh.close();
    }
}
