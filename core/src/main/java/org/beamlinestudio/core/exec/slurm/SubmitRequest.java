package org.beamlinestudio.core.exec.slurm;

import java.util.Map;

/**
 * One submission: the generated script and what slurmrestd needs beside it (sbatch reads the
 * {@code #SBATCH} lines from the script itself; slurmrestd does not).
 *
 * @param script     the batch script text
 * @param name       job name
 * @param workDir    the job's working directory on the cluster
 * @param outputPath the Slurm output file (no {@code %j}: slurmrestd hands it back unexpanded)
 * @param arraySpec  e.g. {@code 0-2}, empty for a single job
 * @param profile    partition, account, limits
 * @param environment the job's environment (slurmrestd requires one)
 */
public record SubmitRequest(String script, String name, String workDir, String outputPath, String arraySpec,
                            ClusterProfile profile, Map<String, String> environment) {
}
