/**
 * The production command line ({@link org.bridgeway.cli.BridgewayCommand}, the main of bridgeway-gateway.jar):
 * {@code serve} a {@code Gateway}; {@code audit} the verifier, receipt checker and witness; {@code policy} the
 * embedded decision point; {@code deliveries} the dead-letter queue. Each command parses its options, builds what
 * it needs from the gateway's own packages and prints the result. Secrets come from the environment or a file (a
 * key file, a PKI's passwords file), never from an argument, and are never printed. {@code serve}'s options also
 * come from the environment and a configuration file ({@link org.bridgeway.cli.ConfigurationDefaults}); every
 * command fails in one line ({@link org.bridgeway.cli.CommandFailures}).
 *
 * <p>It only wires commands. It must not run SQL of its own (it reaches the audit tables only through the audit
 * core), open a second way into a running gateway (the offline commands open a stopped gateway's data directory,
 * and name a running one by its database lock), or depend on the development tooling: what only development needs
 * ({@code serve}'s plain-HTTP mode and a PKI generated on first use) it receives through
 * {@link org.bridgeway.cli.DevelopmentServing} from the development launcher ({@code org.bridgeway.dev.cli}).
 */
package org.bridgeway.cli;
