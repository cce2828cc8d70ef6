package org.bridgeway.transport;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bridgeway.model.Organisation;

/**
 * Who a trusted client certificate speaks for. The organisation is the one SAN URI
 * {@code urn:bridgeway:org:<id>}; the subject must agree with it: its CN is the organisation id, or the id
 * followed by {@code /<system>} for a separate system of that organisation. An emergency duty team is such a
 * system ({@code CN=local-authority:886/edt}, {@code OU=emergency-duty-team}): it speaks for its authority, and
 * {@link #unit()} tells it apart so rules that concern only the authority's own case systems can exclude it.
 * This profile is the gateway's: a partner's CA issues to it, and the development PKI reads it from here.
 *
 * @param organisation the organisation the certificate speaks for
 * @param system       the subject CN: the organisation id, or id/system
 * @param unit         the subject OU, empty when there is none
 */
public record PartnerCertificate(Organisation organisation, String system, Optional<String> unit) {
    /** The SAN URI naming the organisation a certificate speaks for is this prefix and the organisation id. */
    public static final String ORGANISATION_URN_PREFIX = "urn:bridgeway:org:";
    /** The subject OU of an emergency duty team's system. */
    public static final String EMERGENCY_DUTY_TEAM = "emergency-duty-team";
    /** How an emergency duty team's subject CN ends: {@code local-authority:886/edt}. */
    public static final String EMERGENCY_DUTY_TEAM_SYSTEM = "/edt";
    private static final int SAN_URI = 6;

    /** Whether this is an emergency duty team's system rather than the organisation's own case systems. */
    public boolean emergencyDutyTeam() {
        return unit.filter(EMERGENCY_DUTY_TEAM::equals).isPresent();
    }

    /** The SHA-256 fingerprint of a certificate's DER encoding, colon-separated hex: how audit entries name one. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the identity of a certificate already trusted; a refusal reason when it names none or contradicts. */
    public static Result read(X509Certificate certificate) {
        List<String> organisations = new ArrayList<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> name : certificate.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(SAN_URI).equals(name.get(0)) && name.get(1) instanceof String uri
                            && uri.startsWith(ORGANISATION_URN_PREFIX)) {
                        organisations.add(uri.substring(ORGANISATION_URN_PREFIX.length()));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return new Result(Optional.empty(), Optional.of(RefusalReason.NO_ORGANISATION));
        }
        if (organisations.isEmpty()) {
            return refused(RefusalReason.NO_ORGANISATION);
        }
        if (organisations.size() > 1) {
            return refused(RefusalReason.IDENTITY_MISMATCH);
        }
        Organisation organisation;
        try {
            organisation = Organisation.parseId(organisations.get(0));
        } catch (IllegalArgumentException e) {
            return refused(RefusalReason.NO_ORGANISATION);
        }
        Optional<String> cn = attribute(certificate, "CN");
        Optional<String> ou = attribute(certificate, "OU");
        if (cn.isEmpty() || !(cn.get().equals(organisation.id()) || cn.get().startsWith(organisation.id() + "/"))) {
            return refused(RefusalReason.IDENTITY_MISMATCH);
        }
        boolean edtName = cn.get().endsWith(EMERGENCY_DUTY_TEAM_SYSTEM);
        boolean edtUnit = ou.filter(EMERGENCY_DUTY_TEAM::equals).isPresent();
        if (edtName != edtUnit) {
            return refused(RefusalReason.IDENTITY_MISMATCH); // half an EDT is neither the team nor its authority
        }
        return new Result(Optional.of(new PartnerCertificate(organisation, cn.get(), ou)), Optional.empty());
    }

    /** Either the identity or why there is none. */
    public record Result(Optional<PartnerCertificate> identity, Optional<RefusalReason> refusal) {
    }

    private static Result refused(RefusalReason reason) {
        return new Result(Optional.empty(), Optional.of(reason));
    }

    /** The single value of a subject attribute; empty when absent or repeated (ambiguous). */
    private static Optional<String> attribute(X509Certificate certificate, String type) {
        try {
            List<String> values = new ArrayList<>();
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    values.add(String.valueOf(rdn.getValue()));
                }
            }
            return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
