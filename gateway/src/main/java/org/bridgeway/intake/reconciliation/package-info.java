/**
 * The SSDA903 Missing reconciliation: when a council's return is accepted, its Missing table is compared with the
 * missing episodes the gateway carried for that council's looked-after children in the return's period, and the
 * council gets a data-quality report (episodes the police reported that the return lacks, the reverse, and episodes
 * whose dates or type disagree), by its own child ids and dates, never names.
 *
 * <p>A package of its own under {@code intake} because it is the return's second use: the placement translation
 * sends notices, this reads the same return only to check it, and sends nothing. The comparison
 * ({@link org.bridgeway.intake.reconciliation.MissingReconciliation}) is pure; the episodes come through the small
 * seam {@link org.bridgeway.intake.reconciliation.CarriedEpisodes}; the reports are kept per batch
 * ({@link org.bridgeway.intake.reconciliation.MissingReconciliations}).
 */
package org.bridgeway.intake.reconciliation;
