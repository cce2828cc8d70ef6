/**
 * The witness a partner agency runs: it holds the gateway to one log (origin and key), countersigns a head only if
 * it is consistent with the last one it countersigned ({@link org.bridgeway.audit.witness.Cosigner}, the one rule and
 * its state file), and is asked in two ways: it fetches heads from the gateway and hands cosignatures back
 * ({@link org.bridgeway.audit.witness.Witness}), or the log submits heads to it over c2sp.org/tlog-witness
 * ({@link org.bridgeway.audit.witness.WitnessServer}). {@link org.bridgeway.audit.witness.WitnessClient} is the log's
 * side of that protocol, and {@link org.bridgeway.audit.witness.AddCheckpoint} its request format.
 *
 * <p>It checks through {@code verify} and {@code tree} only, signs with its own {@link
 * org.bridgeway.audit.key.SigningKey} (never the gateway's), and needs no database or gateway code beyond HTTP.
 */
package org.bridgeway.audit.witness;
