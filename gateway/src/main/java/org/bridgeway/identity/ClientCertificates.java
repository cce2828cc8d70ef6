package org.bridgeway.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** The thumbprint that binds a token to a partner's client certificate (RFC 8705). */
public final class ClientCertificates {
    private ClientCertificates() {
    }

    /**
     * RFC 8705 section 3.1: base64url, unpadded, of the SHA-256 of the certificate's DER encoding: what Keycloak
     * writes as {@code cnf."x5t#S256"} in a certificate-bound token.
     */
    public static String thumbprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot take the certificate's SHA-256 thumbprint", e);
        }
    }
}
