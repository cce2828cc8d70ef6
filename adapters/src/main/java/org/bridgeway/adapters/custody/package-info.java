/**
 * The reader of the custody-handover exchange's JSON bodies (the REST endpoints of {@code /api/v1/custody-handovers},
 * in the shape of {@code schemas/custody-handover-request.schema.json} for the request): the force's request, an
 * authority's acknowledgement and answer, the force's closure. Each body is read by the same rules as the
 * missing-children readers ({@link org.bridgeway.adapters.missing.JsonShape},
 * {@link org.bridgeway.adapters.missing.DraftReading}): every violation at once, by canonical field name (which is the
 * JSON path) and rule, never repeating a submitted value; a date-time more than the clock skew after {@code now} is
 * refused ({@code <field>.future}). Pure and thread-safe.
 */
package org.bridgeway.adapters.custody;
