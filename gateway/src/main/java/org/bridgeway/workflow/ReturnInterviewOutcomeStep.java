package org.bridgeway.workflow;

import org.bridgeway.model.ReturnInterviewOutcomeNotice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.ExchangeStep;

/**
 * A return interview outcome's own pipeline step: adds what the gateway's episode record says of the episode
 * (reporting force, host and found authorities, police reference, start and end; never the sender's word), then
 * records the outcome against its task, to complete it when (and only if) the outcome is accepted.
 *
 * <p>The endpoint has already refused an outcome for an unknown episode (404) or from an organisation that does not
 * hold the task (403); here an episode without a record is a fault, not a refusal.
 */
public final class ReturnInterviewOutcomeStep implements ExchangeStep {
    private final EpisodeRecords episodes;
    private final JdbcReturnInterviewTasks tasks;

    public ReturnInterviewOutcomeStep(EpisodeRecords episodes, JdbcReturnInterviewTasks tasks) {
        this.episodes = episodes;
        this.tasks = tasks;
    }

    @Override
    public Dispatch apply(Dispatch dispatch) {
        if (!(dispatch.notice() instanceof ReturnInterviewOutcomeNotice outcome)) {
            return dispatch;
        }
        ReturnInterviewOutcomeNotice.EpisodeRecord record = episodes.recordOf(outcome.episodeId()).orElseThrow(() ->
                new IllegalStateException("episode " + outcome.episodeId() + " has no record"));
        ReturnInterviewOutcomeNotice enriched = outcome.withEpisode(record.reportingForce(), record.hostAuthority(),
                record.foundAuthority(), record.policeReference(), record.start(), record.end());
        tasks.outcomeReceived(outcome.episodeId(), dispatch.exchangeId(),
                java.util.Optional.of(outcome.idempotencyKey()));
        return dispatch.withNotice(enriched);
    }
}
