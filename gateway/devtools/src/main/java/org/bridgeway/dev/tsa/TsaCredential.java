package org.bridgeway.dev.tsa;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A development TSA's EC P-256 key pair and self-signed certificate, made fresh and never written anywhere. */
public record TsaCredential(KeyPair keys, X509Certificate certificate) {
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private static final Duration VALIDITY = Duration.ofDays(365);
    /** Tolerates clock skew between the machine that issues and the one that verifies. */
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    public static TsaCredential generate() {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, "Bridgeway Development TSA")
                    .addRDN(BCStyle.O, "Bridgeway (development only)")
                    .build();
            // A random serial: two development TSAs must never share issuer and serial, or a token from one
            // would be matched to the other's certificate by its signer identifier.
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(127, random)
                    .add(BigInteger.ONE), Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(VALIDITY)), name,
                    keys.getPublic());
            addExtensions(builder, keys);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keys.getPrivate())));
            return new TsaCredential(keys, certificate);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate a development TSA certificate", e);
        }
    }

    private static void addExtensions(X509v3CertificateBuilder builder, KeyPair keys)
            throws CertIOException, GeneralSecurityException {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        // RFC 3161 section 2.3: the TSA's certificate must have this one extended key usage, marked critical.
        builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    }
}
