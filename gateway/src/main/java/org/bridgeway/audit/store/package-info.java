/**
 * The audit log's storage seam: {@link org.bridgeway.audit.store.AuditStore} (entries, perfect subtrees, the
 * sequencer, signed heads, timestamp tokens, cosignatures) and {@link org.bridgeway.audit.store.JdbcAuditStore},
 * which holds every SQL statement on the audit tables outside the Flyway migrations, on H2 and PostgreSQL alike.
 *
 * <p>It stores and reads; it never hashes, signs, verifies or decides what an entry says. Nothing outside this
 * package (and the migrations) touches the audit tables.
 */
package org.bridgeway.audit.store;
