package org.bridgeway.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTP client for a command that calls a gateway over mutual TLS: it presents a partner's client certificate
 * and trusts only the CA that issued the gateway's. The key store's password never comes from the command line.
 */
public final class MutualTls {
    public static final String PASSWORD_VARIABLE = "BRIDGEWAY_CLIENT_CERT_PASSWORD";

    private MutualTls() {
    }

    /** A client presenting {@code keyStore} (PKCS#12, password from {@value #PASSWORD_VARIABLE}), trusting {@code ca}. */
    public static HttpClient ownPki(Path keyStore, Path ca) throws IOException {
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null) {
            throw new IOException("set " + PASSWORD_VARIABLE + " to the password of " + keyStore);
        }
        return client(keyStore, password.toCharArray(), ca);
    }

    /** A client presenting {@code keyStore} (PKCS#12) and trusting only {@code ca} (PEM or DER). */
    public static HttpClient client(Path keyStore, char[] password, Path ca) throws IOException {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, password);
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("gateway-ca", CertificateFiles.readX509(ca));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the client certificate " + keyStore + ": " + e.getMessage(), e);
        }
    }
}
