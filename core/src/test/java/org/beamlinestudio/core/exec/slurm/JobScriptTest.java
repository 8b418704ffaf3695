package org.beamlinestudio.core.exec.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The generated batch script asks Slurm for what the profile says and runs the CLI on the right files. */
class JobScriptTest {

    static ClusterProfile profile(String partition, int gpus) {
        return new ClusterProfile("hpc", "ssh", null, null, "login.hpc", 22, "ana", partition, "tomo-2026",
                "02:00:00", "16G", 8, gpus, "module load studio && studio", "/scratch/ana/studio", "/scratch/ana/data",
                false, null, "/home/ana/.ssh/id_ed25519", null, null, null, null, 5.0);
    }

    @Test
    void aSingleJobCarriesTheProfilesResourcesAndRunsThePipelineWithAProgressFile() {
        String s = JobScript.render(profile("gpu", 1), "/scratch/ana/studio/j1", "studio-tooth", 0);
        assertThat(s.lines()).contains("#!/bin/bash",
                "#SBATCH --job-name=studio-tooth",
                "#SBATCH --output=/scratch/ana/studio/j1/slurm.log",
                "#SBATCH --partition=gpu",
                "#SBATCH --account=tomo-2026",
                "#SBATCH --time=02:00:00",
                "#SBATCH --mem=16G",
                "#SBATCH --cpus-per-task=8",
                "#SBATCH --gpus=1",
                "module load studio && studio run \"pipeline${suffix}.json\" --progress-file \"progress${suffix}.json\"",
                "suffix=\"\"");
        assertThat(s).doesNotContain("--array").doesNotContain("%j");
        assertThat(s.indexOf("#SBATCH")).isLessThan(s.indexOf("studio run"));
        assertThat(s).contains("exit${suffix}.code");
    }

    @Test
    void aBatchIsAJobArrayWhoseTasksPickTheirPipelineByTaskId() {
        String s = JobScript.render(profile("", 0), "/w/j2", "studio-batch", 3);
        assertThat(s.lines()).contains("#SBATCH --array=0-2", "#SBATCH --output=/w/j2/slurm-%a.log");
        assertThat(s).contains("${SLURM_ARRAY_TASK_ID");
        assertThat(s).doesNotContain("--partition").doesNotContain("--gpus");
        assertThat(JobScript.pipelineFile(2)).isEqualTo("pipeline-2.json");
        assertThat(JobScript.pipelineFile(-1)).isEqualTo("pipeline.json");
    }

    @Test
    void restLimitsAreConvertedToSlurmsUnits() {
        assertThat(RestTransport.minutes("02:00:00")).isEqualTo(120);
        assertThat(RestTransport.minutes("1-00:30:00")).isEqualTo(1470);
        assertThat(RestTransport.minutes("45")).isEqualTo(45);
        assertThat(RestTransport.megabytes("16G")).isEqualTo(16384);
        assertThat(RestTransport.megabytes("500M")).isEqualTo(500);
    }
}
