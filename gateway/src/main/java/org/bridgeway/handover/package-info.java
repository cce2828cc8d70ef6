/**
 * Custody handovers (PACE 1984 s.38(6)) as an exchange with a life: the force's transfer request, the asked
 * authorities' acknowledgements, the first answer (which owns the handover; there is no refusal), and the force's
 * closure by the transfer or a s.38(7) certificate. {@link org.bridgeway.handover.HandoverLedger} is the exchange's
 * own pipeline step; {@link org.bridgeway.handover.CustodyHandovers} the record it keeps (identifiers, codes and
 * times only); {@link org.bridgeway.handover.HandoverParties} who is asked; {@link org.bridgeway.handover.HandoverTimers}
 * the deadlines it tells what happened, in the same audit transaction.
 */
package org.bridgeway.handover;
