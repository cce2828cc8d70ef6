package org.bridgeway.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** What the gateway reads from a partner's client certificate to bind it to a token. */
public final class ClientCertificates {
    /** How a Bridgeway certificate names its organisation in a SAN URI (as {@code DevelopmentPki} issues them). */
    public static final String ORGANISATION_URN_PREFIX = "urn:bridgeway:org:";
    /** SAN type number of a uniformResourceIdentifier (RFC 5280), as {@link X509Certificate} reports it. */
    private static final int SAN_URI = 6;

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

    /** The organisation id a Bridgeway certificate names in its SAN URI ({@code urn:bridgeway:org:police:kent}). */
    public static Optional<String> organisationId(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        return names.stream()
                .filter(n -> n.size() == 2 && Integer.valueOf(SAN_URI).equals(n.get(0)) && n.get(1) instanceof String)
                .map(n -> (String) n.get(1))
                .filter(uri -> uri.startsWith(ORGANISATION_URN_PREFIX))
                .map(uri -> uri.substring(ORGANISATION_URN_PREFIX.length()))
                .findFirst();
    }
}
