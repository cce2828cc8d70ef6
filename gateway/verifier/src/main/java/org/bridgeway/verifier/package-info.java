/**
 * The verifier's command line, {@code java -jar bridgeway-verifier.jar}: a receipt, an inclusion proof, a consistency
 * proof between two signed heads, and the witness (fetching heads, or serving c2sp.org/tlog-witness). The gateway's
 * {@code ./bridgeway audit} subclasses these commands, adding only its own defaults (its operator's origin, the
 * development PKI).
 *
 * <p>Argument handling and printing only: every check is {@code verify}'s, {@code receipt}'s, {@code tree}'s or
 * {@code witness}'s. It must not depend on gateway code, a database, Camel or a logging backend; the module's runtime
 * classpath is checked for that.
 */
package org.bridgeway.verifier;
