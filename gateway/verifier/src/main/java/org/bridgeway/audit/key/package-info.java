/**
 * Key material on disk: the Ed25519 audit-signing key ({@link org.bridgeway.audit.key.SigningKey}, also a witness's
 * key), its X.509 certificate for verifiers ({@link org.bridgeway.audit.key.AuditCertificate}) and owner-only secret
 * files ({@link org.bridgeway.audit.key.SecretFile}).
 *
 * <p>It loads, creates and signs with keys; it must not reach a database or schedule anything, and must never log a
 * private key.
 */
package org.bridgeway.audit.key;
