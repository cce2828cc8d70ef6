/**
 * Signing the log's tree heads: {@link org.bridgeway.audit.sign.TreeHeadSigner} signs (size, root, time) over
 * durable entries on an interval, on demand and on close, asks a time-stamping authority for tokens, and checks and
 * keeps witnesses' cosignatures.
 *
 * <p>The only place that signs as the log and the only scheduler of the audit core. It reads and writes through
 * {@link org.bridgeway.audit.store.AuditStore}, never SQL; what it checks it checks with {@code verify}, never a
 * copy of its own.
 */
package org.bridgeway.audit.sign;
