/**
 * The Concordat on Children in Custody figures (issue 14 point 5; Concordat principle 7, "police forces will collect
 * data on transfers"), produced from the audit trail only: the RECEIVED entries of custody-handover and
 * custody-handover-deadline notices and the facts they keep ({@link org.bridgeway.model.Notice#auditFacts()}), per
 * force and per authority, for any period.
 */
package org.bridgeway.handover.report;
