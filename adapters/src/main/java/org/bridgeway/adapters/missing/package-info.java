/**
 * Readers for the missing-children exchanges: a missing-episode update and a return-interview outcome sent as
 * JSON (the REST endpoints, in the shape of {@code schemas/missing-episode.schema.json} and
 * {@code schemas/return-interview-outcome.schema.json}), and a force records-system export of missing-episode
 * updates as CSV (one row per update; columns in {@code docs/exchanges.md}).
 *
 * <p>Every format becomes a {@link org.bridgeway.adapters.missing.MissingDraft} (field name to text, as sent) and is
 * judged by the same validators, so JSON and CSV break the same rules with the same ids. Every violation is listed
 * at once, with the canonical field name (which is also the JSON path) or the CSV row and column, and no message
 * repeats a submitted value. The rules that need the time now take it as a parameter ({@code Instant now}): the
 * adapters have no clock. A date-time more than {@link org.bridgeway.adapters.missing.DraftReading#CLOCK_SKEW} after
 * now is refused ({@code <field>.future}); less is tolerated as clock skew between systems. Pure and thread-safe.
 */
package org.bridgeway.adapters.missing;
