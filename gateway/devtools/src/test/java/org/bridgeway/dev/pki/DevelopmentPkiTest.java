package org.bridgeway.dev.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bridgeway.transport.PkiDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development PKI as generated into a temporary folder: chains, names, usages, stores, CRL, idempotence. */
class DevelopmentPkiTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int SAN_URI = 6;
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    @TempDir
    static Path dir;

    private static X509Certificate root;
    private static X509Certificate intermediate;

    @BeforeAll
    static void generate() {
        assertThat(DevelopmentPki.ensure(dir)).isTrue();
        root = cert(PkiDirectory.ROOT_CA);
        intermediate = cert(PkiDirectory.INTERMEDIATE_CA);
    }

    private static X509Certificate cert(String relative) {
        return PkiDirectory.readCertificate(dir.resolve(relative));
    }

    private static X509Certificate client(String name) {
        return cert(PkiDirectory.CLIENTS + "/" + name + ".pem");
    }

    private static void validatesToRoot(X509Certificate leaf) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf, intermediate)), params);
    }

    private static List<Object> sans(X509Certificate cert, int type) throws Exception {
        List<Object> values = new ArrayList<>();
        if (cert.getSubjectAlternativeNames() != null) {
            cert.getSubjectAlternativeNames().stream().filter(n -> (Integer) n.get(0) == type)
                    .forEach(n -> values.add(n.get(1)));
        }
        return values;
    }

    @Test
    void casHaveCriticalBasicConstraintsWithPathLengthsAndSignOnlyCertificatesAndCrls() {
        assertThat(root.getBasicConstraints()).isEqualTo(1);
        assertThat(intermediate.getBasicConstraints()).isZero();
        for (X509Certificate ca : List.of(root, intermediate)) {
            assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
            // digitalSignature..decipherOnly: only keyCertSign (5) and cRLSign (6)
            assertThat(ca.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
            assertThat(ca.getExtensionValue("2.5.29.14")).as("subject key identifier").isNotNull();
        }
        assertThat(intermediate.getExtensionValue("2.5.29.35")).as("authority key identifier").isNotNull();
        assertThat(intermediate.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
    }

    @Test
    void everyServerAndClientCertificateChainsToTheRootThroughTheIntermediate() throws Exception {
        validatesToRoot(cert(PkiDirectory.SERVER + ".pem"));
        validatesToRoot(client(DevelopmentPki.REVOKED_CLIENT)); // revocation is the CRL's business, not the chain's
        for (DevelopmentPki.DemoClient c : DevelopmentPki.DEMO_CLIENTS) {
            validatesToRoot(client(c.name()));
        }
    }

    @Test
    void theServerCertificateIsForServerAuthOnLocalhost() throws Exception {
        X509Certificate server = cert(PkiDirectory.SERVER + ".pem");
        assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(sans(server, SAN_DNS)).containsExactly("localhost");
        assertThat(sans(server, SAN_IP)).containsExactly("127.0.0.1");
        assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void theGatewaysClientCertificateIsForClientAuthAndNamesTheGatewayNotAPartner() throws Exception {
        X509Certificate client = cert(PkiDirectory.GATEWAY_CLIENT + ".pem");
        validatesToRoot(client);
        assertThat(client.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(sans(client, SAN_URI)).containsExactly(PkiDirectory.GATEWAY_URN);
        assertThat(client.getSubjectX500Principal().getName()).contains("CN=bridgeway-gateway");
        assertThat(client.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void theAuditSigningCertificateIsEd25519ForSignaturesAndNotForTls() throws Exception {
        X509Certificate audit = cert(DevelopmentPki.AUDIT_SIGNING + ".pem");
        assertThat(audit.getPublicKey().getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThat(audit.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(audit.getKeyUsage()[1]).as("nonRepudiation").isTrue();
        assertThat(audit.getExtendedKeyUsage()).isNull();
        validatesToRoot(audit);
    }

    @Test
    void eachDemoOrganisationHasAClientCertificateNamingItInSubjectAndSan() throws Exception {
        assertThat(DevelopmentPki.DEMO_CLIENTS).extracting(DevelopmentPki.DemoClient::commonName).containsExactly(
                "local-authority:886", "local-authority:352", "police:kent", "police:greater-manchester",
                "school:118000", "health:LAC887", "local-authority:886/edt", "local-authority:352/edt");
        for (DevelopmentPki.DemoClient c : DevelopmentPki.DEMO_CLIENTS) {
            X509Certificate cert = client(c.name());
            String subject = cert.getSubjectX500Principal().getName();
            assertThat(subject).as(c.name()).contains("CN=" + c.commonName()).contains("O=" + c.organisationName())
                    .contains("OU=" + c.unit()).contains(c.organisationId());
            assertThat(sans(cert, SAN_URI)).as(c.name()).containsExactly("urn:bridgeway:org:" + c.organisationId());
            assertThat(cert.getExtendedKeyUsage()).as(c.name()).containsExactly(CLIENT_AUTH);
        }
        assertThat(client("police-kent").getSubjectX500Principal().getName())
                .isEqualTo("CN=police:kent,OU=police,O=Kent Police");
        assertThat(client("local-authority-886-edt").getSubjectX500Principal().getName())
                .isEqualTo("CN=local-authority:886/edt,OU=emergency-duty-team,O=Kent County Council");
        assertThat(client("local-authority-886-edt")).isNotEqualTo(client("local-authority-886"));
    }

    @Test
    void theCrlIsSignedByTheIntermediateAndRevokesOnlyTheRevokedClient() throws Exception {
        X509CRL crl;
        try (InputStream in = Files.newInputStream(dir.resolve(PkiDirectory.CRL))) {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
        crl.verify(intermediate.getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(intermediate.getSubjectX500Principal());
        assertThat(crl.isRevoked(client(DevelopmentPki.REVOKED_CLIENT))).isTrue();
        assertThat(crl.getRevokedCertificate(client(DevelopmentPki.REVOKED_CLIENT).getSerialNumber())).isNotNull();
        assertThat(crl.getRevokedCertificates()).hasSize(1);
        assertThat(crl.isRevoked(client("police-kent"))).isFalse();
    }

    @Test
    void theExpiredClientIsExpiredAndTheOthersAreCurrent() throws Exception {
        assertThatThrownBy(() -> client(DevelopmentPki.EXPIRED_CLIENT).checkValidity())
                .isInstanceOf(CertificateExpiredException.class);
        client("police-kent").checkValidity();
        cert(PkiDirectory.SERVER + ".pem").checkValidity();
    }

    @Test
    void keyStoresOpenWithTheGeneratedPasswordsAndHoldKeyAndChain() throws Exception {
        Properties passwords = PkiDirectory.passwords(dir);
        List<String> stores = new ArrayList<>(List.of(PkiDirectory.SERVER + ".p12", PkiDirectory.GATEWAY_CLIENT + ".p12",
                DevelopmentPki.AUDIT_SIGNING + ".p12", PkiDirectory.clientKeyStore(DevelopmentPki.REVOKED_CLIENT),
                PkiDirectory.clientKeyStore(DevelopmentPki.EXPIRED_CLIENT)));
        DevelopmentPki.DEMO_CLIENTS.forEach(c -> stores.add(PkiDirectory.clientKeyStore(c.name())));
        for (String name : stores) {
            char[] password = passwords.getProperty(name).toCharArray();
            KeyStore store = load(name, password);
            String alias = store.aliases().nextElement();
            assertThat(store.getKey(alias, password)).as(name).isInstanceOf(PrivateKey.class);
            assertThat(store.getCertificateChain(alias)).as(name)
                    .containsExactly(cert(name.replace(".p12", ".pem")), intermediate, root);
        }
        KeyStore trust = load(DevelopmentPki.TRUST_STORE,
                passwords.getProperty(DevelopmentPki.TRUST_STORE).toCharArray());
        assertThat(trust.getCertificate(trust.aliases().nextElement())).isEqualTo(root);
        assertThat(trust.size()).isOne();
    }

    @Test
    void passwordsAreRandomPerStoreAndOwnerOnly() throws Exception {
        Properties passwords = PkiDirectory.passwords(dir);
        assertThat(passwords).hasSize(DevelopmentPki.DEMO_CLIENTS.size() + 6);
        assertThat(Set.copyOf(passwords.values())).hasSameSizeAs(passwords.values());
        assertThat(passwords.values()).allSatisfy(p -> assertThat((String) p).hasSizeGreaterThanOrEqualTo(32));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(PkiDirectory.PASSWORDS))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    dir.resolve(PkiDirectory.SERVER + ".p12")))).isEqualTo("rw-------");
        }
    }

    @Test
    void noFileHoldsAnUnencryptedPrivateKey() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain("PRIVATE KEY");
            }
        }
    }

    @Test
    void ensureKeepsAnExistingSetAndRegenerateReplacesIt(@TempDir Path other) {
        assertThat(DevelopmentPki.ensure(other)).isTrue();
        Map<Path, String> first = fingerprints(other);
        assertThat(first).hasSize(DevelopmentPki.DEMO_CLIENTS.size() + 7);

        assertThat(DevelopmentPki.ensure(other)).isFalse();
        assertThat(fingerprints(other)).isEqualTo(first);

        DevelopmentPki.regenerate(other);
        Map<Path, String> second = fingerprints(other);
        assertThat(second.keySet()).isEqualTo(first.keySet());
        second.forEach((file, fp) -> assertThat(fp).as(file.toString()).isNotEqualTo(first.get(file)));
    }

    private static Map<Path, String> fingerprints(Path pkiDir) {
        return DevelopmentPki.describe(pkiDir).stream().collect(Collectors.toMap(
                DevelopmentPki.CertificateFile::file, DevelopmentPki.CertificateFile::sha256Fingerprint));
    }

    private static KeyStore load(String name, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name))) {
            store.load(in, password);
        }
        return store;
    }
}
