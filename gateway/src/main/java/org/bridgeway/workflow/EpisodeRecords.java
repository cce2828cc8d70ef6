package org.bridgeway.workflow;

import java.util.Optional;
import org.bridgeway.model.ReturnInterviewOutcomeNotice;

/**
 * What the gateway's episode record says of a missing episode, by episode id: the facts an outcome carries that are
 * never taken from its sender. Backed by the episode ledger ({@code missing_episode}).
 */
@FunctionalInterface
public interface EpisodeRecords {

    Optional<ReturnInterviewOutcomeNotice.EpisodeRecord> recordOf(String episodeId);
}
