package org.beamlinestudio.core.exec.slurm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the client remembers about a submitted job, so that a restarted app or CLI follows it again
 * ({@code <data>/jobs/<profile>/<jobId>.json}).
 *
 * @param profile      the cluster profile's name
 * @param jobId        Slurm's job id
 * @param title        as shown in the job list
 * @param jobDir       the job's folder on the cluster
 * @param tasks        number of array tasks, 0 for a single job
 * @param remoteResults the results on the cluster, one per task (one for a single job)
 * @param localResult  where the result is (or will be) on the workstation
 * @param submitted    ISO instant
 * @param state        last known {@code JobState} name
 * @param started      ISO instant or null
 * @param finished     ISO instant or null
 * @param failure      why it failed, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRecord(String profile, String jobId, String title, String jobDir, int tasks,
                        List<String> remoteResults, String localResult, String submitted, String state,
                        String started, String finished, String failure) {

    public JobRecord {
        remoteResults = remoteResults == null ? List.of() : List.copyOf(remoteResults);
    }

    JobRecord with(String newState, String newStarted, String newFinished, String newFailure, String newLocal) {
        return new JobRecord(profile, jobId, title, jobDir, tasks, remoteResults, newLocal, submitted, newState,
                newStarted, newFinished, newFailure);
    }
}
