package org.bridgeway.audit.timestamp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.bridgeway.dev.tsa.TokenIssuer;
import org.bridgeway.dev.tsa.TsaCredential;

/** Builds the tokens and certificates the development TSA would never issue, to exercise each check. */
final class TestTokens {
    private TestTokens() {
    }

    static byte[] sha256(String text) {
        return digest("SHA-256", text);
    }

    static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static TimeStampRequest request(ASN1ObjectIdentifier algorithm, byte[] digest, BigInteger nonce) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        return generator.generate(algorithm, digest, nonce);
    }

    /** A token over any imprint, straight from Bouncy Castle's generator: no algorithm or policy restrictions. */
    static byte[] unrestrictedToken(TsaCredential credential, ASN1ObjectIdentifier algorithm, byte[] digest)
            throws Exception {
        TimeStampTokenGenerator generator = new TimeStampTokenGenerator(
                new JcaSimpleSignerInfoGeneratorBuilder().build(TsaCredential.SIGNATURE_ALGORITHM,
                        credential.keys().getPrivate(), credential.certificate()),
                new JcaDigestCalculatorProviderBuilder().build()
                        .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                TokenIssuer.POLICY);
        generator.addCertificates(new JcaCertStore(List.of(credential.certificate())));
        return generator.generate(request(algorithm, digest, BigInteger.TEN), BigInteger.ONE, new Date())
                .getEncoded();
    }

    /**
     * A certificate for the credential's own key, subject and serial, so it matches the credential's tokens by
     * signer identifier and key, but with the extended key usage and validity given.
     */
    static X509Certificate reissued(TsaCredential credential, boolean ekuCritical, Instant notBefore,
                                    Instant notAfter) throws Exception {
        X509Certificate original = credential.certificate();
        X500Name name = X500Name.getInstance(original.getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, original.getSerialNumber(),
                Date.from(notBefore), Date.from(notAfter), name, credential.keys().getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, ekuCritical,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(TsaCredential.SIGNATURE_ALGORITHM).build(credential.keys().getPrivate())));
    }

    /** The token with the last byte of its signature value changed: still well-formed, no longer valid. */
    static byte[] withSignatureAltered(byte[] tokenDer) throws Exception {
        SignerInformation signer = new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(tokenDer))
                .toCMSSignedData().getSignerInfos().getSigners().iterator().next();
        byte[] signature = signer.getSignature();
        int at = indexOf(tokenDer, signature);
        if (at < 0) {
            throw new AssertionError("signature not found in token");
        }
        byte[] altered = tokenDer.clone();
        altered[at + signature.length - 1] ^= 0x01;
        return altered;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
