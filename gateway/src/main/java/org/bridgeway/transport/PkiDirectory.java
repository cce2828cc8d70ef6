package org.bridgeway.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Properties;

/**
 * The layout of a PKI folder that {@code serve --tls-dir} and the command line's client calls read: the gateway's
 * server key store, its client key store for push delivery, the root and intermediate CA certificates, the
 * intermediate's CRL, one key store per partner client under {@value #CLIENTS}, and the stores' passwords in
 * {@value #PASSWORDS}. The gateway only reads it;
 * {@code ./bridgeway certs-dev} (the development tooling) writes it, with these names.
 */
public final class PkiDirectory {
    /** The gateway's TLS server credential: {@code gateway-server.p12} (key and chain) and {@code .pem}. */
    public static final String SERVER = "gateway-server";
    /**
     * The gateway's TLS client credential: {@code gateway-client.p12} and {@code .pem}, client-authentication
     * usage, presented when the gateway pushes to a force's records system. A separate certificate from the
     * server's, so a server certificate never doubles as a client one.
     */
    public static final String GATEWAY_CLIENT = "gateway-client";
    /** The SAN URI of the gateway's own client certificate: the gateway is no partner organisation. */
    public static final String GATEWAY_URN = "urn:bridgeway:gateway";
    public static final String PASSWORDS = "passwords.properties";
    public static final String ROOT_CA = "root-ca.pem";
    public static final String INTERMEDIATE_CA = "intermediate-ca.pem";
    public static final String CRL = "intermediate-ca.crl";
    public static final String CLIENTS = "clients";

    private PkiDirectory() {
    }

    /** The key store passwords, keyed by the store's path relative to {@code dir} ("clients/x.p12"). */
    public static Properties passwords(Path dir) {
        Properties passwords = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(PASSWORDS))) {
            passwords.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return passwords;
    }

    /** Relative path of a client's PKCS#12 store. */
    public static String clientKeyStore(String clientName) {
        return CLIENTS + "/" + clientName + ".p12";
    }

    /** A certificate file (PEM or DER). */
    public static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not a certificate: " + file, e);
        }
    }
}
