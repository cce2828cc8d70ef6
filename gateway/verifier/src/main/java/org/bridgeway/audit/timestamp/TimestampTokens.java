package org.bridgeway.audit.timestamp;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPUtil;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/** Offline verification of RFC 3161 time-stamp tokens against a trusted TSA certificate. */
public final class TimestampTokens {
    /** Length of a SHA-256 imprint in bytes. */
    public static final int SHA256_LENGTH = 32;

    private TimestampTokens() {
    }

    /**
     * Checks that {@code tokenDer} time-stamps {@code expectedImprint} (SHA-256) and is signed by
     * {@code tsaCertificate}, which must carry the critical extended key usage id-kp-timeStamping alone and have been
     * valid at the token's genTime. Revocation is not checked: there is no CRL or OCSP source offline.
     *
     * @return the time the authority asserts in the token
     * @throws InvalidTimestampException saying which check failed
     * @throws IllegalArgumentException if the imprint is not 32 bytes or the certificate cannot be used at all
     */
    public static Instant verify(byte[] tokenDer, byte[] expectedImprint, X509Certificate tsaCertificate)
            throws InvalidTimestampException {
        return verified(tokenDer, expectedImprint, tsaCertificate).getTimeStampInfo().getGenTime().toInstant();
    }

    /**
     * As {@link #verify}, returning the parsed token for callers that need more than genTime: the gateway's RFC 3161
     * client checks each answer with it, so what the gateway stores is checked exactly as verifiers check it.
     */
    public static TimeStampToken verified(byte[] tokenDer, byte[] expectedImprint, X509Certificate tsaCertificate)
            throws InvalidTimestampException {
        Objects.requireNonNull(tokenDer, "tokenDer");
        requireSha256(expectedImprint);
        X509CertificateHolder trusted = holder(Objects.requireNonNull(tsaCertificate, "tsaCertificate"));

        TimeStampToken token = parse(tokenDer);
        TimeStampTokenInfo info = token.getTimeStampInfo();
        if (!NISTObjectIdentifiers.id_sha256.equals(info.getMessageImprintAlgOID())) {
            throw new InvalidTimestampException(InvalidTimestampException.Reason.HASH_ALGORITHM,
                    "token imprint hash algorithm is " + info.getMessageImprintAlgOID() + ", not SHA-256 ("
                            + NISTObjectIdentifiers.id_sha256 + ")");
        }
        if (!MessageDigest.isEqual(info.getMessageImprintDigest(), expectedImprint)) {
            throw new InvalidTimestampException(InvalidTimestampException.Reason.IMPRINT_MISMATCH,
                    "token imprint " + hex(info.getMessageImprintDigest()) + " differs from the expected "
                            + hex(expectedImprint));
        }
        if (!token.getSID().match(trusted)) {
            throw new InvalidTimestampException(InvalidTimestampException.Reason.WRONG_SIGNER,
                    "token signed by another certificate (" + describe(token.getSID()) + "), trusted is "
                            + describe(trusted.getIssuer().toString(), trusted.getSerialNumber()));
        }
        try {
            TSPUtil.validateCertificate(trusted);
        } catch (TSPValidationException e) {
            throw new InvalidTimestampException(InvalidTimestampException.Reason.CERTIFICATE_USAGE,
                    "trusted certificate lacks the critical id-kp-timeStamping extended key usage: " + e.getMessage());
        }
        Date genTime = info.getGenTime();
        if (!trusted.isValidOn(genTime)) {
            throw new InvalidTimestampException(InvalidTimestampException.Reason.CERTIFICATE_NOT_VALID,
                    "trusted certificate was not valid at genTime " + genTime.toInstant() + " (valid "
                            + trusted.getNotBefore().toInstant() + " to " + trusted.getNotAfter().toInstant() + ")");
        }
        SignerInformationVerifier verifier = verifierFor(trusted);
        try {
            if (!token.isSignatureValid(verifier)) {
                throw new InvalidTimestampException(InvalidTimestampException.Reason.SIGNATURE_INVALID,
                        "token signature does not verify with the trusted certificate's key");
            }
        } catch (TSPException e) {
            throw new InvalidTimestampException(InvalidTimestampException.Reason.SIGNATURE_INVALID,
                    "token signature cannot be verified: " + e.getMessage(), e);
        }
        try {
            // Signature, usage and validity passed above; what remains is the signed ESS signing-certificate
            // attribute, which binds the token to the certificate itself and not just to its issuer and serial.
            token.validate(verifier);
        } catch (TSPException e) {
            throw new InvalidTimestampException(InvalidTimestampException.Reason.WRONG_SIGNER,
                    "token's signing-certificate attribute does not name the trusted certificate: " + e.getMessage(),
                    e);
        }
        return token;
    }

    static TimeStampToken parse(byte[] tokenDer) throws InvalidTimestampException {
        try {
            return new TimeStampToken(ContentInfo.getInstance(StrictDer.parse(tokenDer)));
        } catch (IOException | TSPException | RuntimeException e) {
            // Bouncy Castle reports malformed input with a variety of runtime exceptions; all mean "not a token".
            throw new InvalidTimestampException(InvalidTimestampException.Reason.NOT_A_TOKEN,
                    "not a time-stamp token: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException unless {@code imprint} is a SHA-256 digest's length */
    public static void requireSha256(byte[] imprint) {
        Objects.requireNonNull(imprint, "imprint");
        if (imprint.length != SHA256_LENGTH) {
            throw new IllegalArgumentException(
                    "a SHA-256 imprint has " + SHA256_LENGTH + " bytes, not " + imprint.length);
        }
    }

    /** The trusted certificate as Bouncy Castle reads it; an unusable one is an {@link IllegalArgumentException}. */
    public static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the TSA certificate cannot be encoded", e);
        }
    }

    private static SignerInformationVerifier verifierFor(X509CertificateHolder trusted) {
        try {
            return new JcaSimpleSignerInfoVerifierBuilder().build(trusted);
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalArgumentException("the TSA certificate's key cannot verify signatures", e);
        }
    }

    private static String describe(SignerId sid) {
        if (sid.getIssuer() != null) {
            return describe(sid.getIssuer().toString(), sid.getSerialNumber());
        }
        return "subject key identifier " + hex(sid.getSubjectKeyIdentifier());
    }

    private static String describe(String issuer, BigInteger serial) {
        return "issuer " + issuer + ", serial " + serial.toString(16);
    }

    /** Hex of an imprint or key identifier for messages; "none" for null. */
    public static String hex(byte[] bytes) {
        return bytes == null ? "none" : HexFormat.of().formatHex(bytes);
    }
}
