package org.bridgeway.workflow;

import java.util.Optional;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.model.ReturnInterviewOutcomeNotice;

/**
 * What the gateway's episode record says of a missing episode, by episode id: the facts an outcome carries that are
 * never taken from its sender. An episode the child has not returned from (no end) has no record an outcome can
 * follow.
 */
@FunctionalInterface
public interface EpisodeRecords {

    Optional<ReturnInterviewOutcomeNotice.EpisodeRecord> recordOf(String episodeId);

    /** From the episode ledger's records ({@code missing_episode}). */
    static EpisodeRecords from(MissingEpisodes episodes) {
        return episodeId -> episodes.byId(episodeId).flatMap(e -> e.end().map(end ->
                new ReturnInterviewOutcomeNotice.EpisodeRecord(e.reportingForce().map(PoliceForceCode::parse),
                        e.hostAuthority(), e.foundAuthority(), e.policeReference(), e.start(), end)));
    }
}
