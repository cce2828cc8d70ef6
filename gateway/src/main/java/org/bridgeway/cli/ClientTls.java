package org.bridgeway.cli;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.bridgeway.transport.PkiDirectory;
import org.bridgeway.verifier.MutualTls;

/**
 * An HTTP client for a command that calls a gateway over mutual TLS as a partner of the development PKI, with the
 * key store's password from the PKI's passwords file. A partner's own PKI is the verifier's {@link MutualTls}.
 */
final class ClientTls {
    private ClientTls() {
    }

    /** A client of the development PKI in {@code dir}: the store of {@code client} under clients/, its root. */
    static HttpClient developmentPki(Path dir, String client) throws IOException {
        String store = PkiDirectory.clientKeyStore(client);
        String password = PkiDirectory.passwords(dir).getProperty(store);
        if (password == null) {
            throw new IOException("no client " + client + " in the development PKI " + dir);
        }
        return MutualTls.client(dir.resolve(store), password.toCharArray(), dir.resolve(PkiDirectory.ROOT_CA));
    }
}
