package org.bridgeway.dev.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.transport.PkiDirectory;

/**
 * TLS contexts over a development PKI directory (as {@link DevelopmentPki} writes it): trusting its root, and
 * presenting one demo organisation's client certificate. The store passwords are read from the PKI's
 * password file and go nowhere else.
 */
public final class PkiTls {
    private PkiTls() {
    }

    /** Trusts the development root only: for HTTPS to Keycloak or the gateway without a client certificate. */
    public static SSLContext trusting(Path pki) {
        return context(pki, null);
    }

    /** Presents the client certificate {@code clients/<clientName>.p12} and trusts the development root. */
    public static SSLContext presenting(Path pki, String clientName) {
        return context(pki, PkiDirectory.clientKeyStore(clientName));
    }

    /** Presents the gateway's development server certificate: for loopback HTTPS servers in tests. */
    public static SSLContext serving(Path pki) {
        return context(pki, PkiDirectory.SERVER + ".p12");
    }

    /** The client certificate of {@code clients/<clientName>.pem}. */
    public static X509Certificate clientCertificate(Path pki, String clientName) {
        return PkiDirectory.readCertificate(pki.resolve(PkiDirectory.CLIENTS).resolve(clientName + ".pem"));
    }

    private static SSLContext context(Path pki, String keyStore) {
        Properties passwords = PkiDirectory.passwords(pki);
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(pki.resolve(DevelopmentPki.TRUST_STORE), password(passwords, DevelopmentPki.TRUST_STORE)));
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                char[] password = password(passwords, keyStore);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(pki.resolve(keyStore), password), password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS from the development PKI in " + pki, e);
        }
    }

    private static char[] password(Properties passwords, String store) {
        String password = passwords.getProperty(store);
        if (password == null) {
            throw new IllegalStateException("no password for " + store + " in " + PkiDirectory.PASSWORDS);
        }
        return password.toCharArray();
    }

    private static KeyStore load(Path file, char[] password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
