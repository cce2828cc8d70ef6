/**
 * The C2SP formats of signed tree heads: checkpoints (c2sp.org/tlog-checkpoint), signed notes and their signature
 * lines (c2sp.org/signed-note), witness cosignatures (c2sp.org/tlog-cosignature), and Ed25519 verification.
 *
 * <p>Pure format code: it reads and writes bytes exactly and verifies signatures, but holds no private key (signing
 * is a function handed in), no I/O and no policy about which log to trust (that is {@code verify}).
 */
package org.bridgeway.audit.note;
