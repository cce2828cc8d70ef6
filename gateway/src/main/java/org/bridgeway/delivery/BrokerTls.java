package org.bridgeway.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.bridgeway.transport.PkiDirectory;

/**
 * TLS between the gateway nodes and the broker pair, and between the two brokers of the pair. A broker presents the key
 * in its PKCS#12 key store (password from {@value #KEY_STORE_PASSWORD_VARIABLE}); a client (a node, or the other
 * broker) trusts only the root it is given in PEM and checks the broker's name against its certificate. Artemis takes
 * stores by path and password in its connector parameters, so the root is written at start to a PKCS#12 trust store
 * of this process's own, owner-only, with a random password that is never shown.
 */
public final class BrokerTls {
    public static final String KEY_STORE_PASSWORD_VARIABLE = "BRIDGEWAY_BROKER_KEY_STORE_PASSWORD";

    private BrokerTls() {
    }

    /** The transport parameters of a client that trusts {@code rootPem} only and checks the broker's name. */
    public static Map<String, Object> clientParameters(Path rootPem) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path store = trustStore(rootPem, password.toCharArray());
        return Map.of("sslEnabled", "true", "verifyHost", "true", "trustStoreType", "PKCS12",
                "trustStorePath", store.toString(), "trustStorePassword", password);
    }

    /** The transport parameters of an acceptor presenting the key in {@code keyStore}. */
    public static Map<String, Object> acceptorParameters(Path keyStore, String password) {
        return Map.of("sslEnabled", "true", "keyStoreType", "PKCS12",
                "keyStorePath", keyStore.toAbsolutePath().toString(), "keyStorePassword", password);
    }

    /**
     * {@code url} with the client parameters added to its query (an HA URL's query applies to both brokers). Built in
     * this process, never shown: the trust store's path and password are this process's own.
     */
    public static String withClientParameters(String url, Path rootPem) {
        StringBuilder query = new StringBuilder();
        clientParameters(rootPem).forEach((name, value) -> query.append(query.isEmpty() ? "" : "&").append(name)
                .append('=').append(value));
        return url + (url.contains("?") ? "&" : "?") + query;
    }

    private static Path trustStore(Path rootPem, char[] password) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("broker-root", PkiDirectory.readCertificate(rootPem));
            Path file = Files.createTempFile("bridgeway-broker-trust", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                trust.store(out, password);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker trust store for " + rootPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a trust store of " + rootPem + ": " + e.getMessage(), e);
        }
    }
}
