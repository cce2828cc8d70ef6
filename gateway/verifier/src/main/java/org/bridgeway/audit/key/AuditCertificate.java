package org.bridgeway.audit.key;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;

/**
 * The X.509 certificate of the gateway's audit-signing key: what a sender, recipient or witness is given to check
 * receipts and tree heads offline. Self-issued beside the key on first start unless the operator puts a
 * certificate from their CA there instead; the Ed25519 key never leaves {@link SigningKey} to make it.
 */
public final class AuditCertificate {
    public static final String FILE = "audit-signing.crt";
    private static final Duration VALIDITY = Duration.ofDays(3 * 365);

    private AuditCertificate() {
    }

    /** The certificate beside the key in {@code keys}, created for {@code subject} if there is none. */
    public static X509CertificateHolder loadOrCreate(Path keys, SigningKey key, String subject) {
        Path file = keys.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return read(Files.readString(file));
            }
            X509CertificateHolder certificate = selfIssued(key, subject, Instant.now());
            Files.writeString(file, pem(certificate));
            return certificate;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the audit certificate in " + keys, e);
        }
    }

    static X509CertificateHolder selfIssued(SigningKey key, String subject, Instant now) {
        X500Name name = new X500Name("CN=" + subject.replace(",", " ") + " audit log, O=Bridgeway");
        SubjectPublicKeyInfo publicKey = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), key.publicKey());
        try {
            return new X509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()), Date.from(now),
                    Date.from(now.plus(VALIDITY)), name, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .build(signer(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw Ed25519 public key a certificate carries; anything but an Ed25519 key is refused. */
    public static byte[] ed25519Key(X509CertificateHolder certificate) {
        SubjectPublicKeyInfo info = certificate.getSubjectPublicKeyInfo();
        if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getAlgorithm().getAlgorithm())) {
            throw new IllegalArgumentException("the certificate does not carry an Ed25519 key");
        }
        return info.getPublicKeyData().getOctets();
    }

    public static X509CertificateHolder read(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            if (read instanceof X509CertificateHolder holder) {
                return holder;
            }
            throw new IOException("not a PEM certificate");
        }
    }

    public static String pem(X509CertificateHolder certificate) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        }
        return out.toString();
    }

    private static ContentSigner signer(SigningKey key) {
        ByteArrayOutputStream tbs = new ByteArrayOutputStream();
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
            }

            @Override
            public OutputStream getOutputStream() {
                return tbs;
            }

            @Override
            public byte[] getSignature() {
                return key.sign(tbs.toByteArray());
            }
        };
    }
}
