/**
 * The development RFC 3161 time-stamping authority of the demo and the tests: a loopback HTTP server, its in-memory
 * key and self-signed certificate, and the issuer that answers requests under a development policy OID. The
 * gateway is only ever a client of a TSA ({@code org.bridgeway.audit.timestamp}); it never issues a token.
 */
package org.bridgeway.dev.tsa;
