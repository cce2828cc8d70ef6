package org.bridgeway.cli;

import java.nio.file.Path;
import org.bridgeway.api.CallerIdentity;

/**
 * What only the development launcher lends {@code serve}: the plain-HTTP demo mode's caller identity and a
 * development PKI generated on first use. The production command line has neither: there {@code --insecure-http}
 * is refused and {@code --tls-dir} must name a PKI that exists.
 */
public interface DevelopmentServing {
    /** Who callers are over plain HTTP, where no certificate names them. */
    CallerIdentity plainHttpCallers();

    /** Generates a development PKI into {@code dir} unless a complete one is there; returns whether it generated. */
    boolean ensurePki(Path dir);
}
