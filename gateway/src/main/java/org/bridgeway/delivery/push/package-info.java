/**
 * SOAP push of mailbox messages to the records systems of the police forces that take it, one route per force from
 * the template {@code routes/police-push-delivery.camel.yaml}: which forces and where
 * ({@link org.bridgeway.delivery.push.PushEndpoints}, {@code push-endpoints.yaml}, checked whole at start; {@code https}
 * except to loopback), the broker's divert, back-off and dead-letter queue ({@link org.bridgeway.delivery.push.PushQueues},
 * {@link org.bridgeway.delivery.push.RetryPolicy}), the call and what its answer means
 * ({@link org.bridgeway.delivery.push.PolicePush}), each outcome audited inside the broker transaction
 * ({@link org.bridgeway.delivery.push.PushAudit}), and the operator's view of dead letters
 * ({@link org.bridgeway.delivery.push.DeadLetterQueue}).
 *
 * <p>It decides only whether to try again, never what may be shared: it sends the payload exactly as the pipeline
 * rendered it under the force's agreement, and branches on no exchange type. A force's free-text reason may quote a
 * notice, so it stays on the dead-lettered message for the operator; the audit log and the log lines carry its code.
 */
package org.bridgeway.delivery.push;
