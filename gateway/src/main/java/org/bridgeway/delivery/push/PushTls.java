package org.bridgeway.delivery.push;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bridgeway.transport.PkiDirectory;
import org.bridgeway.transport.TlsSettings;

/**
 * How the gateway speaks TLS to the forces' records systems: it presents its own client certificate (mutual TLS),
 * and accepts a force's server certificate only when it chains to a root configured for push — never the JVM's
 * default trust store — and names the host dialled (CXF hands the context to the JDK HTTP client, whose hostname
 * verification stays on).
 *
 * <p>Where the material comes from, first found wins:
 * <ul>
 *   <li>client certificate: push-endpoints.yaml's {@code tls.keyStore} (password from
 *       {@code tls.keyStorePasswordFile}); else the gateway's PKI folder, {@code gateway-client.p12} beside its
 *       server key store with its password in that folder's passwords file ({@code serve --tls-dir});</li>
 *   <li>roots for a force's server certificate: the force's own {@code trustAnchors}; else
 *       {@code tls.trustAnchors}; else the roots the gateway trusts for its partners' client certificates.</li>
 * </ul>
 * A force reached over https without both is a configuration error that stops the start. Revocation of a force's
 * server certificate is not checked here (the forces' CAs publish no CRL the gateway is configured with).
 */
final class PushTls {
    private PushTls() {
    }

    /** A TLS context per https force; none for a loopback http stand-in. */
    static Map<String, SSLContext> contexts(PushEndpoints endpoints, Optional<TlsSettings> gateway) {
        Map<String, SSLContext> contexts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        PushEndpoints.ClientTls file = endpoints.tls();
        for (ForceEndpoint force : endpoints.forces()) {
            if (!force.https()) {
                continue;
            }
            String at = "forces." + force.force();
            Optional<ClientKey> key = clientKey(file, gateway);
            List<Path> roots = !force.trustAnchors().isEmpty() ? force.trustAnchors()
                    : !file.trustAnchors().isEmpty() ? file.trustAnchors()
                    : gateway.map(TlsSettings::trustAnchors).orElse(List.of());
            if (key.isEmpty()) {
                problems.add(at + ": https needs the gateway's client certificate: set tls.keyStore and "
                        + "tls.keyStorePasswordFile, or serve with a PKI folder holding "
                        + PkiDirectory.GATEWAY_CLIENT + ".p12 (--tls-dir; a development set made before it had "
                        + "one: ./bridgeway certs-dev --force)");
                continue;
            }
            if (roots.isEmpty()) {
                problems.add(at + ": https needs the roots of the force's server certificate: set trustAnchors "
                        + "(for the force or in tls), or serve with mutual TLS");
                continue;
            }
            try {
                contexts.put(force.force(), context(key.get(), roots));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                problems.add(at + ": cannot set up TLS: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PushEndpointsException(endpoints.source(), problems);
        }
        return contexts;
    }

    /** A PKCS#12 store and its password. */
    private record ClientKey(Path store, char[] password) {
    }

    private static Optional<ClientKey> clientKey(PushEndpoints.ClientTls file, Optional<TlsSettings> gateway) {
        if (file.keyStore().isPresent() && file.keyStorePasswordFile().isPresent()) {
            try {
                String password = Files.readString(file.keyStorePasswordFile().get(), StandardCharsets.UTF_8).strip();
                return Optional.of(new ClientKey(file.keyStore().get(), password.toCharArray()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return gateway.flatMap(tls -> {
            Path folder = tls.keyStore().toAbsolutePath().getParent();
            Path store = folder.resolve(PkiDirectory.GATEWAY_CLIENT + ".p12");
            if (!Files.isRegularFile(store) || !Files.isRegularFile(folder.resolve(PkiDirectory.PASSWORDS))) {
                return Optional.empty();
            }
            return Optional.ofNullable(PkiDirectory.passwords(folder).getProperty(PkiDirectory.GATEWAY_CLIENT + ".p12"))
                    .map(p -> new ClientKey(store, p.toCharArray()));
        });
    }

    private static SSLContext context(ClientKey key, List<Path> roots) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(key.store())) {
            keys.load(in, key.password());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, key.password());

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        int n = 0;
        for (Path root : roots) {
            try (InputStream in = Files.newInputStream(root)) {
                for (Certificate certificate : x509.generateCertificates(in)) {
                    trust.setCertificateEntry("root-" + n++, certificate);
                }
            }
        }
        if (n == 0) {
            throw new GeneralSecurityException("no certificate in " + roots);
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);

        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
