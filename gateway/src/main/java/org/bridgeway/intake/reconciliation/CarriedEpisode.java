package org.bridgeway.intake.reconciliation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One missing episode as the gateway carried it, as much as the reconciliation needs.
 *
 * @param episodeId    the gateway's episode id ("ME-...")
 * @param childLocalId the council's own id of the child (the 903's CHILD), when any sender gave it; an episode the
 *                     police reported by name and date of birth only cannot be set beside a return row
 * @param type         {@code M} (missing) or {@code A} (away from placement without authorisation)
 * @param start        when the child went missing, as the reporter gave it
 * @param end          when the child was found or returned; empty while the episode is open
 */
public record CarriedEpisode(String episodeId, Optional<String> childLocalId, String type, Instant start,
                             Optional<Instant> end) {
    public CarriedEpisode {
        Objects.requireNonNull(episodeId, "episodeId");
        Objects.requireNonNull(childLocalId, "childLocalId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }
}
