package org.bridgeway.dev.pki;

import static org.bridgeway.transport.PkiDirectory.CLIENTS;
import static org.bridgeway.transport.PkiDirectory.CRL;
import static org.bridgeway.transport.PkiDirectory.GATEWAY_CLIENT;
import static org.bridgeway.transport.PkiDirectory.INTERMEDIATE_CA;
import static org.bridgeway.transport.PkiDirectory.PASSWORDS;
import static org.bridgeway.transport.PkiDirectory.ROOT_CA;
import static org.bridgeway.transport.PkiDirectory.SERVER;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bridgeway.model.Organisation;
import org.bridgeway.transport.PartnerCertificate;
import org.bridgeway.transport.PkiDirectory;

/**
 * The development PKI: a root and an intermediate CA, the gateway's TLS server, TLS client (push delivery) and
 * audit-signing certificates,
 * one client certificate per demo organisation, a revoked and an expired client for negative tests, and a CRL.
 * It writes the folder layout the gateway reads ({@link PkiDirectory}) and issues client certificates to the
 * gateway's partner-certificate profile ({@link PartnerCertificate}).
 * Private keys exist only inside PKCS#12 stores whose passwords are generated at random and written to
 * {@value PkiDirectory#PASSWORDS}; the CA keys are not kept at all, so adding a certificate means regenerating the set.
 * For development and tests only: nothing here is a production CA.
 */
public final class DevelopmentPki {
    public static final String MARKER = "GENERATED";
    public static final String TRUST_STORE = "truststore.p12";
    public static final String AUDIT_SIGNING = "audit-signing";
    public static final String REVOKED_CLIENT = "revoked-client";
    public static final String EXPIRED_CLIENT = "expired-client";
    /** Only in sets generated for tests: the intermediate CA's key, so tests can add partners later. */
    public static final String TEST_ISSUER = "intermediate-ca.p12";

    /**
     * A partner system with its own client certificate: {@code name} names its files, {@code organisationId}
     * (as {@link Organisation#id()}) goes in the subject and the SAN URI, {@code unit} is the subject's OU.
     */
    public record DemoClient(String name, String organisationId, String commonName, String organisationName,
                             String unit) {
    }

    /** A certificate written as PEM, as the CLI reports it. */
    public record CertificateFile(Path file, String subject, String sha256Fingerprint) {
    }

    /** The demo organisations; the emergency duty teams are separate systems, so separate certificates. */
    public static final List<DemoClient> DEMO_CLIENTS = List.of(
            organisation("local-authority:886", "Kent County Council"),
            organisation("local-authority:352", "Manchester City Council"),
            organisation("police:kent", "Kent Police"),
            organisation("police:greater-manchester", "Greater Manchester Police"),
            organisation("school:118000", "Bridgeway Demo Primary School"),
            organisation("health:LAC887", "Medway looked-after children's health team"),
            emergencyDutyTeam("local-authority:886", "Kent County Council"),
            emergencyDutyTeam("local-authority:352", "Manchester City Council"));

    /** Speak for a real demo organisation, so a later mTLS test fails on revocation or expiry, not identity. */
    public static final DemoClient REVOKED = new DemoClient(REVOKED_CLIENT, "police:kent", "police:kent/revoked",
            "Kent Police", "police");
    public static final DemoClient EXPIRED = new DemoClient(EXPIRED_CLIENT, "police:kent", "police:kent/expired",
            "Kent Police", "police");

    private static final Duration ROOT_VALIDITY = Duration.ofDays(3652);
    private static final Duration INTERMEDIATE_VALIDITY = Duration.ofDays(1826);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(730);
    /** CAs are back-dated a little so the expired client still falls inside its issuer's lifetime. */
    private static final Duration CA_BACKDATE = Duration.ofDays(7);
    /** Tolerates clock skew between the machine that generates and the one that validates. */
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DevelopmentPki() {
    }

    private static DemoClient organisation(String id, String name) {
        Organisation org = Organisation.parseId(id); // fails fast on a malformed demo id
        return new DemoClient(id.replace(':', '-'), org.id(), org.id(), name, org.type().slug());
    }

    private static DemoClient emergencyDutyTeam(String id, String name) {
        Organisation org = Organisation.parseId(id);
        return new DemoClient(id.replace(':', '-') + "-edt", org.id(),
                org.id() + PartnerCertificate.EMERGENCY_DUTY_TEAM_SYSTEM, name, PartnerCertificate.EMERGENCY_DUTY_TEAM);
    }

    /** Generates into {@code dir} unless a complete set is already there; returns whether it generated. */
    public static boolean ensure(Path dir) {
        if (Files.isRegularFile(dir.resolve(MARKER))) {
            return false;
        }
        regenerate(dir);
        return true;
    }

    /** Generates a fresh set into {@code dir}, replacing the files of an earlier one. */
    public static void regenerate(Path dir) {
        generate(dir, false);
    }

    /**
     * FOR TESTS ONLY: generates a fresh set like {@link #regenerate} and also keeps the intermediate CA's key in
     * {@value #TEST_ISSUER}, so {@link #issueClient} can add partners that are not demo organisations. The
     * {@code certs-dev} command never keeps a CA key.
     */
    public static void regenerateForTests(Path dir) {
        generate(dir, true);
    }

    /**
     * FOR TESTS ONLY: issues one more client certificate into {@code clients/} of a set made by
     * {@link #regenerateForTests}, with its store's password added to {@value PkiDirectory#PASSWORDS}.
     */
    public static void issueClient(Path dir, DemoClient client) {
        try {
            new Generation(dir).addClient(client);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add a client to the development PKI in " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a development client certificate", e);
        }
    }

    /**
     * FOR TESTS ONLY: revokes one more client of a set made by {@link #regenerateForTests}: the CRL is re-issued
     * with its earlier entries, this client's serial and the next CRL number, and replaced in one atomic move so a
     * reader never sees half a file.
     */
    public static void revokeClient(Path dir, String clientName) {
        try {
            new Generation(dir).revoke(clientName);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-issue the CRL in " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot re-issue the development CRL", e);
        }
    }

    private static void generate(Path dir, boolean keepIssuer) {
        try {
            new Generation(dir).run(keepIssuer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development PKI to " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the development PKI", e);
        }
    }

    /** Every PEM certificate under {@code dir}, sorted by path, with subject and SHA-256 fingerprint. */
    public static List<CertificateFile> describe(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<CertificateFile> described = new ArrayList<>();
            for (Path pem : files.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                X509Certificate cert = PkiDirectory.readCertificate(pem);
                described.add(new CertificateFile(pem, cert.getSubjectX500Principal().getName(),
                        PartnerCertificate.fingerprint(cert)));
            }
            return described;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key pair with its certificate; {@code chain} runs from the certificate up to the root. */
    private record Credential(KeyPair keys, X509Certificate certificate, List<X509Certificate> chain) {
    }

    @FunctionalInterface
    private interface ExtensionsAdder {
        void add(X509v3CertificateBuilder builder) throws CertIOException;
    }

    /** One run of generation: one clock, one random source, and the passwords collected as stores are written. */
    private static final class Generation {
        private final Path dir;
        private final Instant now = Instant.now();
        private final SecureRandom random = new SecureRandom();
        private final Properties passwords = new Properties();
        private final JcaX509ExtensionUtils extensionUtils;

        Generation(Path dir) throws GeneralSecurityException {
            this.dir = dir;
            this.extensionUtils = new JcaX509ExtensionUtils();
        }

        void run(boolean keepIssuer) throws IOException, GeneralSecurityException, OperatorCreationException {
            Files.createDirectories(dir.resolve(CLIENTS));
            // The marker goes first and last: a run that fails half way leaves no marker, so ensure() retries.
            Files.deleteIfExists(dir.resolve(MARKER));
            Files.deleteIfExists(dir.resolve(TEST_ISSUER));

            Credential root = issueRoot();
            Credential intermediate = issueIntermediate(root);
            writePem(ROOT_CA, root.certificate());
            writePem(INTERMEDIATE_CA, intermediate.certificate());
            writeTrustStore(root.certificate());
            if (keepIssuer) {
                writeKeyStore(TEST_ISSUER, intermediate, "intermediate-ca");
            }

            writeLeaf(SERVER, issueServer(intermediate));
            writeLeaf(GATEWAY_CLIENT, issueGatewayClient(intermediate));
            writeLeaf(AUDIT_SIGNING, issueAuditSigning(intermediate));
            for (DemoClient client : DEMO_CLIENTS) {
                writeLeaf(CLIENTS + "/" + client.name(), issueClient(intermediate, client, now.minus(CLOCK_SKEW),
                        now.plus(LEAF_VALIDITY)));
            }
            Credential revoked = issueClient(intermediate, REVOKED, now.minus(CLOCK_SKEW), now.plus(LEAF_VALIDITY));
            writeLeaf(CLIENTS + "/" + REVOKED_CLIENT, revoked);
            writeLeaf(CLIENTS + "/" + EXPIRED_CLIENT, issueClient(intermediate, EXPIRED,
                    now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1))));
            writeCrl(intermediate, List.of(revoked.certificate().getSerialNumber()), BigInteger.ONE, CRL);

            writePasswords();
            writeOwnerOnly(MARKER, ("generated " + now + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** Issues one more client with the intermediate kept by a test set; passwords already there are kept. */
        void addClient(DemoClient client) throws IOException, GeneralSecurityException, OperatorCreationException {
            Credential issuer = keptIssuer();
            writeLeaf(CLIENTS + "/" + client.name(), issueClient(issuer, client, now.minus(CLOCK_SKEW),
                    now.plus(LEAF_VALIDITY)));
            writePasswords();
        }

        /** Re-issues the CRL with the client's serial added, keeping the entries already listed. */
        void revoke(String clientName) throws IOException, GeneralSecurityException, OperatorCreationException {
            Credential issuer = keptIssuer();
            X509CRL previous;
            try (InputStream in = Files.newInputStream(dir.resolve(CRL))) {
                previous = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
            }
            List<BigInteger> serials = new ArrayList<>();
            if (previous.getRevokedCertificates() != null) {
                previous.getRevokedCertificates().forEach(e -> serials.add(e.getSerialNumber()));
            }
            serials.add(PkiDirectory.readCertificate(dir.resolve(CLIENTS + "/" + clientName + ".pem")).getSerialNumber());
            BigInteger number = new BigInteger(1, org.bouncycastle.asn1.ASN1OctetString.getInstance(
                    previous.getExtensionValue(Extension.cRLNumber.getId())).getOctets()).add(BigInteger.ONE);
            Path next = dir.resolve(CRL + ".next");
            writeCrl(issuer, serials, number, CRL + ".next");
            Files.move(next, dir.resolve(CRL), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        private Credential keptIssuer() throws IOException, GeneralSecurityException {
            passwords.putAll(PkiDirectory.passwords(dir));
            String issuerPassword = passwords.getProperty(TEST_ISSUER);
            if (issuerPassword == null || !Files.isRegularFile(dir.resolve(TEST_ISSUER))) {
                throw new IllegalStateException("this development PKI keeps no issuer key: only a set generated "
                        + "for tests can issue more certificates");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(TEST_ISSUER))) {
                store.load(in, issuerPassword.toCharArray());
            }
            String alias = store.aliases().nextElement();
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : store.getCertificateChain(alias)) {
                chain.add((X509Certificate) c);
            }
            PrivateKey key = (PrivateKey) store.getKey(alias, issuerPassword.toCharArray());
            return new Credential(new KeyPair(chain.get(0).getPublicKey(), key), chain.get(0), List.copyOf(chain));
        }

        private Credential issueRoot() throws GeneralSecurityException, IOException, OperatorCreationException {
            KeyPair keys = ecKeyPair();
            X500Name name = name("Bridgeway Development Root CA", "Bridgeway (development only)", null);
            X509Certificate cert = sign(name, keys, null, now.minus(CA_BACKDATE), now.plus(ROOT_VALIDITY),
                    b -> caExtensions(b, 1));
            return new Credential(keys, cert, List.of(cert));
        }

        private Credential issueIntermediate(Credential root)
                throws GeneralSecurityException, IOException, OperatorCreationException {
            KeyPair keys = ecKeyPair();
            X500Name name = name("Bridgeway Development Intermediate CA", "Bridgeway (development only)", null);
            X509Certificate cert = sign(name, keys, root, now.minus(CA_BACKDATE), now.plus(INTERMEDIATE_VALIDITY),
                    b -> caExtensions(b, 0));
            return new Credential(keys, cert, List.of(cert, root.certificate()));
        }

        private Credential issueServer(Credential ca)
                throws GeneralSecurityException, IOException, OperatorCreationException {
            KeyPair keys = ecKeyPair(); // P-256: every TLS stack accepts it, Ed25519 certificates much less so
            X500Name name = name("bridgeway-gateway", "Bridgeway", "gateway");
            return leaf(name, keys, ca, now.minus(CLOCK_SKEW), now.plus(LEAF_VALIDITY), b -> {
                endEntity(b, KeyUsage.digitalSignature);
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            });
        }

        /**
         * The gateway as a TLS client, for push delivery to a force's records system: clientAuth only, and the
         * gateway's URN instead of an organisation's, so the gateway's own API refuses it as a partner.
         */
        private Credential issueGatewayClient(Credential ca)
                throws GeneralSecurityException, IOException, OperatorCreationException {
            X500Name name = name("bridgeway-gateway", "Bridgeway", "gateway");
            return leaf(name, ecKeyPair(), ca, now.minus(CLOCK_SKEW), now.plus(LEAF_VALIDITY), b -> {
                endEntity(b, KeyUsage.digitalSignature);
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                        GeneralName.uniformResourceIdentifier, PkiDirectory.GATEWAY_URN)));
            });
        }

        /** Signs the audit log, never a TLS handshake: Ed25519 and no extended key usage, so TLS cannot use it. */
        private Credential issueAuditSigning(Credential ca)
                throws GeneralSecurityException, IOException, OperatorCreationException {
            KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            X500Name name = name("bridgeway-audit-signing", "Bridgeway", "audit");
            return leaf(name, keys, ca, now.minus(CLOCK_SKEW), now.plus(LEAF_VALIDITY),
                    b -> endEntity(b, KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        }

        private Credential issueClient(Credential ca, DemoClient client, Instant notBefore, Instant notAfter)
                throws GeneralSecurityException, IOException, OperatorCreationException {
            X500Name name = name(client.commonName(), client.organisationName(), client.unit());
            return leaf(name, ecKeyPair(), ca, notBefore, notAfter, b -> {
                endEntity(b, KeyUsage.digitalSignature);
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                        GeneralName.uniformResourceIdentifier,
                        PartnerCertificate.ORGANISATION_URN_PREFIX + client.organisationId())));
            });
        }

        private Credential leaf(X500Name name, KeyPair keys, Credential ca, Instant notBefore, Instant notAfter,
                                ExtensionsAdder extensions)
                throws GeneralSecurityException, IOException, OperatorCreationException {
            X509Certificate cert = sign(name, keys, ca, notBefore, notAfter, extensions);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(ca.chain());
            return new Credential(keys, cert, List.copyOf(chain));
        }

        /** Signs with the issuer's key, or self-signs when {@code issuer} is null; adds SKI and AKI for path building. */
        private X509Certificate sign(X500Name subject, KeyPair keys, Credential issuer, Instant notBefore,
                                     Instant notAfter, ExtensionsAdder extensions)
                throws GeneralSecurityException, IOException, OperatorCreationException {
            X509v3CertificateBuilder builder = issuer == null
                    ? new JcaX509v3CertificateBuilder(subject, serial(), Date.from(notBefore), Date.from(notAfter),
                            subject, keys.getPublic())
                    : new JcaX509v3CertificateBuilder(issuer.certificate(), serial(), Date.from(notBefore),
                            Date.from(notAfter), subject, keys.getPublic());
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensionUtils.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensionUtils.createAuthorityKeyIdentifier(issuer.certificate()));
            }
            extensions.add(builder);
            PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.keys().getPrivate();
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(signingKey)));
        }

        private void caExtensions(X509v3CertificateBuilder b, int pathLength) throws CertIOException {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }

        private void endEntity(X509v3CertificateBuilder b, int keyUsage) throws CertIOException {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }

        private void writeCrl(Credential ca, List<BigInteger> revokedSerials, BigInteger number, String file)
                throws GeneralSecurityException, IOException, OperatorCreationException {
            JcaX509v2CRLBuilder crl = new JcaX509v2CRLBuilder(ca.certificate(), Date.from(now));
            // Valid as long as the leaves, so a development set never fails on a stale CRL.
            crl.setNextUpdate(Date.from(now.plus(LEAF_VALIDITY)));
            for (BigInteger serial : revokedSerials) {
                crl.addCRLEntry(serial, Date.from(now), CRLReason.keyCompromise);
            }
            crl.addExtension(Extension.authorityKeyIdentifier, false,
                    extensionUtils.createAuthorityKeyIdentifier(ca.certificate()));
            crl.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            writePem(file, new JcaX509CRLConverter().getCRL(crl.build(signer(ca.keys().getPrivate()))));
        }

        /** The certificate as PEM beside its PKCS#12 store; the key goes only into the store. */
        private void writeLeaf(String relativeName, Credential credential) throws IOException, GeneralSecurityException {
            writePem(relativeName + ".pem", credential.certificate());
            writeKeyStore(relativeName + ".p12", credential, Path.of(relativeName).getFileName().toString());
        }

        private void writeKeyStore(String storeName, Credential credential, String alias)
                throws IOException, GeneralSecurityException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = newPassword(storeName);
            store.setKeyEntry(alias, credential.keys().getPrivate(), password,
                    credential.chain().toArray(Certificate[]::new));
            writeKeyStore(storeName, store, password);
        }

        private void writeTrustStore(X509Certificate root) throws IOException, GeneralSecurityException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("bridgeway-development-root", root);
            writeKeyStore(TRUST_STORE, store, newPassword(TRUST_STORE));
        }

        private void writeKeyStore(String relativeName, KeyStore store, char[] password)
                throws IOException, GeneralSecurityException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            writeOwnerOnly(relativeName, bytes.toByteArray());
        }

        private char[] newPassword(String storeName) {
            byte[] secret = new byte[24];
            random.nextBytes(secret);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            passwords.setProperty(storeName, password);
            return password.toCharArray();
        }

        private void writePasswords() throws IOException {
            StringWriter text = new StringWriter();
            passwords.store(text, "Development PKI key store passwords: generated at random, never commit");
            writeOwnerOnly(PASSWORDS, text.toString().getBytes(StandardCharsets.UTF_8));
        }

        private void writePem(String relativeName, Object object) throws IOException {
            try (Writer out = new OutputStreamWriter(Files.newOutputStream(dir.resolve(relativeName)),
                    StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(object);
            }
        }

        /** Key stores and passwords: created owner-only before any byte is written, where the file system allows. */
        private void writeOwnerOnly(String relativeName, byte[] content) throws IOException {
            Path file = dir.resolve(relativeName);
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Files.write(file, content);
        }

        private KeyPair ecKeyPair() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        }

        private ContentSigner signer(PrivateKey key) throws OperatorCreationException {
            return new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
        }

        /** Positive, 127 bits, random: unique without keeping a counter, as RFC 5280 asks. */
        private BigInteger serial() {
            return new BigInteger(126, random).setBit(126);
        }

        /** Encoded O, OU, CN (most significant first), so it reads "CN=police:kent,OU=police,O=Kent Police". */
        private static X500Name name(String commonName, String organisation, String unit) {
            X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, organisation);
            if (unit != null) {
                name.addRDN(BCStyle.OU, unit);
            }
            return name.addRDN(BCStyle.CN, commonName).build();
        }
    }
}
