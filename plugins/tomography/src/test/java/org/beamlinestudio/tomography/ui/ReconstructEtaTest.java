package org.beamlinestudio.tomography.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.JobState;
import org.junit.jupiter.api.Test;

/** The time remaining shown while reconstructing comes from the progress rate so far. */
class ReconstructEtaTest {

    static JobHandle runningSince(Instant started, JobState state) {
        return new JobHandle() {
            public String id() {
                return "j";
            }

            public String title() {
                return "t";
            }

            public JobState state() {
                return state;
            }

            public double progress() {
                return 0;
            }

            public String message() {
                return "";
            }

            public Optional<Instant> started() {
                return Optional.ofNullable(started);
            }

            public Optional<Instant> finished() {
                return Optional.empty();
            }

            public Optional<Path> result() {
                return Optional.empty();
            }

            public Optional<String> failure() {
                return Optional.empty();
            }

            public void cancel() {
            }

            public CompletableFuture<JobState> completion() {
                return new CompletableFuture<>();
            }

            public void addListener(Consumer<JobHandle> listener) {
            }
        };
    }

    @Test
    void aQuarterDoneInThirtySecondsLeavesAboutNinety() {
        JobHandle h = runningSince(Instant.now().minusSeconds(30), JobState.RUNNING);
        assertThat(ReconstructStep.remaining(h, 0.25)).isEqualTo("about 1 min 30 s left");
        assertThat(ReconstructStep.remaining(h, 0.75)).isEqualTo("about 10 s left");
    }

    @Test
    void nothingIsPromisedBeforeTheRateMeansSomething() {
        assertThat(ReconstructStep.remaining(runningSince(Instant.now(), JobState.RUNNING), 0.01)).isEmpty();
        assertThat(ReconstructStep.remaining(runningSince(null, JobState.PENDING), -1)).isEqualTo("Waiting to start");
    }
}
