/**
 * Notices in, as the intake routes and endpoints call it: SSDA903 returns from the inbox folder or a ZIP upload
 * ({@link org.bridgeway.intake.Ssda903Intake}, tracked as batches in {@code ssda903_batch} by
 * {@link org.bridgeway.intake.Ssda903Batches}, each sent and recorded by the one node that owns it), JSON placement notices ({@link org.bridgeway.intake.PlacementJsonIntake},
 * against the published JSON Schema) and exclusion notices as JSON or a school's XML file
 * ({@link org.bridgeway.intake.ExclusionIntake}). It reads with hard limits (sizes, file counts, ZIP entry names
 * that must be plain file names, an inbox that never follows a link), validates with the readers of {@code adapters},
 * and sends every valid notice on to the notice pipeline. A refused JSON notice is answered with its violations; a
 * rejected row, record or file of a return or a school's file goes to the {@link org.bridgeway.intake.Quarantine}:
 * a report and an audit entry, with identifiers, digests and rule ids only.
 *
 * <p>It must not decide who is told or what (the pipeline and the policy decision point do), deliver, answer HTTP
 * (the API does), drop a rejection silently, or let a value from a notice reach a log line or an audit entry
 * (reports and entries name the file, row, field and rule).
 */
package org.bridgeway.intake;
