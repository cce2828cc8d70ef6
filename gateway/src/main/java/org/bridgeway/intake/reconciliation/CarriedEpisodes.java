package org.bridgeway.intake.reconciliation;

import java.time.Instant;
import java.util.List;
import org.bridgeway.model.DfeLaCode;

/**
 * The missing episodes the gateway carried for one council's looked-after children: what the reconciliation
 * compares a return's Missing table with. The gateway gives it from the episode store
 * (org.bridgeway.workflow.MissingEpisodes, {@code carriedFor}), so the reconciliation needs nothing else of the store.
 */
@FunctionalInterface
public interface CarriedEpisodes {
    /**
     * The episodes of children looked after by {@code responsibleAuthority} (missing-from-home children are in no
     * 903 return and are left out) that were open at some time from {@code from} (inclusive) to {@code to}
     * (exclusive): started before {@code to} and not ended before {@code from}.
     */
    List<CarriedEpisode> carriedFor(DfeLaCode responsibleAuthority, Instant from, Instant to);
}
