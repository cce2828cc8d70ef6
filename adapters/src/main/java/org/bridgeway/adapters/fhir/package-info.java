/**
 * FHIR R4 for health recipients: {@link org.bridgeway.adapters.fhir.FhirPlacementRenderer} renders a minimised
 * placement notice as a FHIR message {@code Bundle} (MessageHeader, EpisodeOfCare, Patient, Organizations) with
 * HAPI FHIR's model and parser, conformant to HAPI's validator (checked in the tests);
 * {@link org.bridgeway.adapters.fhir.FhirMissingEpisodeRenderer} renders a missing-episode update as a message whose
 * focus is a {@code Flag} for the episode. Both share the message frame ({@code FhirMessage}).
 *
 * <p>It renders only the fields of the minimised notice it is given, so a withheld field cannot reach a bundle; it
 * talks to no FHIR server and reads nothing (delivery and transport are the gateway's), and has no clock: the
 * issue time comes with the notice.
 */
package org.bridgeway.adapters.fhir;
