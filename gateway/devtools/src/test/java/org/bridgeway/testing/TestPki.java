package org.bridgeway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bridgeway.model.Organisation;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.transport.PkiDirectory;
import org.bridgeway.transport.TlsSettings;

/**
 * The development PKI of this test run: generated once per JVM into a temporary folder (deleted at exit), with the
 * issuer's key kept so a test may speak for any organisation, not only the demo ones. Client contexts present
 * their one certificate whatever issuers the server asks for, as curl does, so a test can present a certificate
 * of an unknown CA.
 */
public final class TestPki {
    private static Path dir;
    private static Path other;
    private static final Map<String, SSLContext> CONTEXTS = new HashMap<>();

    private TestPki() {
    }

    /** The folder of the run's PKI, in the layout {@code certs-dev} writes. */
    public static synchronized Path directory() {
        if (dir == null) {
            dir = generate("bridgeway-test-pki");
        }
        return dir;
    }

    /** A second, separately generated PKI with the same names: nothing in it is trusted by the gateway. */
    public static synchronized Path otherPki() {
        if (other == null) {
            other = generate("bridgeway-other-pki");
        }
        return other;
    }

    /** The gateway's TLS settings: its server store, the run's root, intermediate and CRL. */
    public static TlsSettings gatewayTls() {
        return TlsSettings.developmentPki(directory());
    }

    /**
     * A client context presenting the certificate of {@code client}: a key store name under {@code clients/}
     * ("police-kent", "revoked-client", "local-authority-886-edt"), or an organisation id ("police:essex"),
     * issued on first use when it is not a demo organisation. Null means no client certificate at all.
     */
    public static synchronized SSLContext client(String client) {
        return CONTEXTS.computeIfAbsent(client == null ? "" : client, c -> c.isEmpty()
                ? context(directory(), null) : context(directory(), storeFor(c)));
    }

    /**
     * A client context trusting the run's root and presenting the key store {@code store} (relative to
     * {@code pki}, e.g. "gateway-server.p12", or a client of {@link #otherPki()}).
     */
    public static SSLContext presenting(Path pki, String store) {
        return context(directory(), new Store(pki, store));
    }

    /** A client context of another PKI (a {@link #freshPki()}): trusting its root, presenting its client. */
    public static SSLContext clientOf(Path pki, String clientName) {
        return context(pki, new Store(pki, PkiDirectory.clientKeyStore(clientName)));
    }

    /** A new PKI of its own, for a test that changes it (revokes a certificate); deleted at exit. */
    public static Path freshPki() {
        return generate("bridgeway-fresh-pki");
    }

    /** An HTTP/1.1 client presenting {@code client}'s certificate (see {@link #client}), trusting the run's root. */
    public static HttpClient httpClient(String client) {
        return httpClient(client(client));
    }

    public static HttpClient httpClient(SSLContext context) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A PKCS#12 store: its PKI folder and its path in it, which is also its key in the passwords file. */
    private record Store(Path pki, String path) {
    }

    private static Store storeFor(String client) {
        Path pki = directory();
        if (Files.isRegularFile(pki.resolve(PkiDirectory.clientKeyStore(client)))) {
            return new Store(pki, PkiDirectory.clientKeyStore(client));
        }
        int slash = client.indexOf('/');
        Organisation organisation = Organisation.parseId(slash < 0 ? client : client.substring(0, slash));
        String name = client.replace(':', '-').replace('/', '-');
        if (!Files.isRegularFile(pki.resolve(PkiDirectory.clientKeyStore(name)))) {
            DevelopmentPki.issueClient(pki, new DevelopmentPki.DemoClient(name, organisation.id(), client,
                    organisation.code(), organisation.type().slug()));
        }
        return new Store(pki, PkiDirectory.clientKeyStore(name));
    }

    private static SSLContext context(Path trustedPki, Store store) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", PkiDirectory.readCertificate(trustedPki.resolve(PkiDirectory.ROOT_CA)));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trust);
            KeyManager[] keyManagers = null;
            if (store != null) {
                char[] password = PkiDirectory.passwords(store.pki()).getProperty(store.path()).toCharArray();
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store.pki().resolve(store.path()))) {
                    keys.load(in, password);
                }
                String alias = keys.aliases().nextElement();
                X509Certificate[] chain = Stream.of(keys.getCertificateChain(alias))
                        .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
                keyManagers = new KeyManager[] {new AlwaysPresent(alias, (PrivateKey) keys.getKey(alias, password), chain)};
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path generate(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            DevelopmentPki.regenerateForTests(folder);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder)));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system cleans it eventually
        }
    }

    /** Presents its one certificate whatever the server asks for, as curl does. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final String alias;
        private final PrivateKey key;
        private final X509Certificate[] chain;

        AlwaysPresent(String alias, PrivateKey key, X509Certificate[] chain) {
            this.alias = alias;
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String a) {
            return alias.equals(a) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String a) {
            return alias.equals(a) ? key : null;
        }
    }
}
