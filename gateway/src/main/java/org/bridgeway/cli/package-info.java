/**
 * The command line ({@link org.bridgeway.cli.BridgewayCommand}): each command parses its options, builds what it
 * needs from the gateway's own packages ({@code serve} a {@code Gateway}; {@code audit} the verifier, receipt checker
 * and witness; {@code policy} the embedded decision point; {@code deliveries} the dead-letter queue) and prints the
 * result. Secrets come from the environment or a file (a key file, a PKI's passwords file), never from an argument,
 * and are never printed.
 *
 * <p>It only wires commands. It must not run SQL of its own (it reaches the audit tables only through the audit
 * core: {@code audit.store.JdbcAuditStore}, the log, the verifier), open a second way into a running gateway (the
 * offline commands open a stopped gateway's data directory, and name a running one by its database lock), or make
 * a production command depend on development tooling.
 */
package org.bridgeway.cli;
