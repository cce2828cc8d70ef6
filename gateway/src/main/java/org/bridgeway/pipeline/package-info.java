/**
 * The notice pipeline's beans, which {@code routes/notice-pipeline.camel.yaml} calls by name, in this order, for a
 * notice of every exchange type: admit once ({@link org.bridgeway.pipeline.NoticeAdmission}; a duplicate is answered
 * with its first exchange id), the exchange type's own steps ({@link org.bridgeway.pipeline.ExchangeSteps}), resolve
 * the candidate recipients ({@link org.bridgeway.pipeline.RecipientResolver}), decide, minimise and render per
 * recipient ({@link org.bridgeway.pipeline.PolicyEnforcement}), accept in one audited transaction
 * ({@link org.bridgeway.pipeline.DispatchAudit}), relay to the mailboxes ({@link org.bridgeway.pipeline.MailboxDelivery}).
 *
 * <p>It owns what differs between exchange types, in one {@link org.bridgeway.pipeline.ExchangeRegistration} each
 * ({@link org.bridgeway.pipeline.Exchanges}): the recipient rule, formats other than JSON, and extra steps by bean name.
 *
 * <p>It must not: know how a notice arrived (intake, API) or is pushed on (delivery), decide a disclosure itself
 * (the policy decision point does), write audit storage other than through {@link org.bridgeway.audit.AuditLog}, or
 * branch on an exchange type outside its registration.
 */
package org.bridgeway.pipeline;
