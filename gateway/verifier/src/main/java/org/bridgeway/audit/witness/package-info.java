/**
 * The witness a partner agency runs: it holds the gateway to one log (origin and key), checks each new head is
 * consistent with the last one it saw, and countersigns it with its own key.
 *
 * <p>It checks through {@code verify} and {@code tree} only, signs with its own {@link
 * org.bridgeway.audit.key.SigningKey} (never the gateway's), and needs no database or gateway code beyond HTTP.
 */
package org.bridgeway.audit.witness;
