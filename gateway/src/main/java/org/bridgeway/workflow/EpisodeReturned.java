package org.bridgeway.workflow;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.bridgeway.model.DfeLaCode;

/**
 * A missing episode whose FOUND update the gateway has just applied: what a return home interview task needs to be
 * opened. {@code sourceIdempotencyKey} is the FOUND notice's admission key, kept on the task so that the task can be
 * traced to the notice that opened it.
 */
public record EpisodeReturned(
        String episodeId,
        DfeLaCode responsibleAuthority,
        Optional<DfeLaCode> hostAuthority,
        Instant returnedAt,
        String sourceIdempotencyKey,
        Optional<String> policeReference,
        Optional<String> reportingForce,
        Optional<String> childLocalId) {

    public EpisodeReturned {
        Objects.requireNonNull(episodeId, "episodeId");
        Objects.requireNonNull(responsibleAuthority, "responsibleAuthority");
        Objects.requireNonNull(hostAuthority, "hostAuthority");
        Objects.requireNonNull(returnedAt, "returnedAt");
        Objects.requireNonNull(sourceIdempotencyKey, "sourceIdempotencyKey");
        Objects.requireNonNull(policeReference, "policeReference");
        Objects.requireNonNull(reportingForce, "reportingForce");
        Objects.requireNonNull(childLocalId, "childLocalId");
    }

    @Override
    public String toString() {
        // the child's local id is a personal identifier: kept out of logs
        return "EpisodeReturned[episodeId=" + episodeId + ", responsibleAuthority=" + responsibleAuthority
                + ", returnedAt=" + returnedAt + "]";
    }
}
