package org.bridgeway.api;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.identity.InvalidTokenException;
import org.bridgeway.identity.TokenValidator;
import org.bridgeway.identity.VerifiedCaller;
import org.bridgeway.transport.RefusalReason;

/**
 * The caller is a verified client certificate AND a Keycloak access token bound to it (RFC 8705): the certificate
 * says which system is on the connection, the token which roles (and, for a person, whose) it acts with. A token
 * is only believed over the connection whose certificate it names in {@code cnf.x5t#S256}, so a token lifted from
 * another connection is worthless, and its organisation must be the certificate's.
 *
 * <p>Refusals: {@code token-missing} without an {@code Authorization: Bearer} header, {@code token-not-bound} when
 * the token names another certificate or organisation, {@code token-invalid} for every other fault; each carries
 * the validator's reason code for the audit entry. The token itself is never logged or audited.
 */
public final class TokenBoundIdentity implements CallerIdentity {
    /** Exchange property: the {@link Caller} with its token's roles, read once per exchange. */
    private static final String CALLER = "BridgewayTokenCaller";
    /** The person (or service account) the token names, for what must say who asked (a locator access notice). */
    static final String PERSON = "BridgewayTokenPerson";
    private static final String AUTHORIZATION = "Authorization";

    private final CertificateIdentity certificates;
    private final TokenValidator tokens;

    public TokenBoundIdentity(CertificateIdentity certificates, TokenValidator tokens) {
        this.certificates = certificates;
        this.tokens = tokens;
    }

    @Override
    public Authentication authenticate(Exchange exchange) {
        Caller known = exchange.getProperty(CALLER, Caller.class);
        if (known != null) {
            return new Authentication.Authenticated(known);
        }
        Authentication byCertificate = certificates.authenticate(exchange);
        if (!(byCertificate instanceof Authentication.Authenticated authenticated)) {
            return byCertificate;
        }
        Caller caller = authenticated.caller();
        Optional<X509Certificate> presented = caller.certificate();
        Optional<String> token = TokenValidator.bearerToken(exchange.getIn().getHeader(AUTHORIZATION, String.class));
        if (token.isEmpty()) {
            return new Authentication.Refused(RefusalReason.TOKEN_MISSING, presented);
        }
        VerifiedCaller verified;
        try {
            verified = tokens.validate(token.get(), presented.orElse(null));
        } catch (InvalidTokenException e) {
            return new Authentication.Refused(refusal(e.reason()), presented, Optional.of(e.reason()));
        }
        // the validator has checked the token's org_id against the certificate's organisation, read by
        // PartnerCertificate exactly as the certificate check read it
        Caller withRoles = caller.withRoles(verified.roles());
        exchange.setProperty(PERSON, verified.username() != null ? verified.username() : verified.subject());
        exchange.setProperty(CALLER, withRoles);
        return new Authentication.Authenticated(withRoles);
    }

    private static RefusalReason refusal(InvalidTokenException.Reason reason) {
        return switch (reason) {
            case CERTIFICATE_MISMATCH, ORGANISATION_MISMATCH -> RefusalReason.TOKEN_NOT_BOUND;
            default -> RefusalReason.TOKEN_INVALID;
        };
    }
}
