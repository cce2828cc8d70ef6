package org.bridgeway.dev.cli;

import java.nio.file.Path;
import org.bridgeway.api.CallerIdentity;
import org.bridgeway.cli.DevelopmentServing;
import org.bridgeway.dev.identity.DevelopmentHeaderIdentity;
import org.bridgeway.dev.pki.DevelopmentPki;

/** {@code serve} from {@code ./bridgeway}: a development PKI on first use, the header identity over plain HTTP. */
final class DevelopmentServe implements DevelopmentServing {
    @Override
    public CallerIdentity plainHttpCallers() {
        return new DevelopmentHeaderIdentity();
    }

    @Override
    public boolean ensurePki(Path dir) {
        return DevelopmentPki.ensure(dir);
    }
}
