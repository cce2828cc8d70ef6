package org.bridgeway.console;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderConfigurationRequest;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URL;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.Organisation;

/**
 * Signs people in with OpenID Connect's authorization code flow: a fresh state (against forged callbacks), nonce
 * (against a replayed ID token) and PKCE verifier (against an intercepted code) for each attempt, the code exchanged
 * by the console as a confidential client, and the ID token's signature, issuer, audience, expiry and nonce checked
 * before anyone is let in. The provider is read from its discovery document once, at start.
 */
public final class OidcSignIn {
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int MOST_JWKS_BYTES = 512 * 1024;
    private static final java.time.Duration AUTH_TIME_SKEW = java.time.Duration.ofSeconds(60);

    private final OIDCProviderMetadata provider;
    private final ClientID clientId;
    private final Secret clientSecret;
    private final URI callback;
    private final URI signedOut;
    private final SSLSocketFactory providerTls;
    private final IDTokenValidator idTokens;
    /**
     * How long ago a person may have typed their password at the provider and still be let in without typing it
     * again: the console's idle timeout. Without it, a console session that ended idle would be started again by the
     * provider's own session, unasked, for whoever sits at the screen next.
     */
    private final java.time.Duration freshness;

    /** What the console keeps (in the person's session) between sending them to sign in and their coming back. */
    public record Attempt(String state, String nonce, String codeVerifier, String returnTo) implements Serializable {
    }

    /** The sign-in was refused or failed; the message is safe to show (no token, no personal data). */
    public static final class SignInFailed extends Exception {
        public SignInFailed(String message) {
            super(message);
        }
    }

    private OidcSignIn(OIDCProviderMetadata provider, ConsoleSettings settings, URI origin) throws IOException {
        this.provider = provider;
        this.clientId = new ClientID(settings.clientId());
        this.clientSecret = new Secret(settings.clientSecret());
        this.callback = origin.resolve("/callback");
        this.signedOut = origin.resolve("/signed-out");
        this.providerTls = settings.providerTrust().getSocketFactory();
        this.freshness = settings.idleTimeout();
        URL jwks = provider.getJWKSetURI().toURL();
        this.idTokens = new IDTokenValidator(provider.getIssuer(), clientId, JWSAlgorithm.RS256, jwks,
                new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, MOST_JWKS_BYTES, true, providerTls));
    }

    /** Reads the provider's discovery document; fails if it cannot, or if it names another issuer. */
    public static OidcSignIn discover(ConsoleSettings settings, URI origin) {
        Issuer issuer = new Issuer(settings.issuer());
        try {
            HTTPRequest request = new OIDCProviderConfigurationRequest(issuer).toHTTPRequest();
            configure(request, settings.providerTrust().getSocketFactory());
            OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(request.send().getBodyAsJSONObject());
            if (!issuer.equals(metadata.getIssuer())) {
                throw new IllegalStateException("the provider at " + issuer + " calls itself " + metadata.getIssuer());
            }
            return new OidcSignIn(metadata, settings, origin);
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot read the OpenID provider's configuration at " + issuer + ": "
                    + e.getMessage(), e);
        }
    }

    /** A new attempt to sign in, returning to {@code returnTo} (a path of the console) afterwards. */
    public Attempt begin(String returnTo) {
        return new Attempt(new State().getValue(), new Nonce().getValue(), new CodeVerifier().getValue(), returnTo);
    }

    /** Where to send the person's browser for this attempt. */
    public URI authorizationRedirect(Attempt attempt) {
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), clientId, callback)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .state(new State(attempt.state()))
                .nonce(new Nonce(attempt.nonce()))
                .codeChallenge(new CodeVerifier(attempt.codeVerifier()), CodeChallengeMethod.S256)
                .maxAge((int) freshness.toSeconds())
                .build()
                .toURI();
    }

    /**
     * Completes an attempt from the provider's redirect to {@code /callback}: checks the state, exchanges the code
     * and validates the ID token. Blocks on the provider: never call it on an event loop.
     */
    public ConsolePerson complete(Attempt attempt, URI callbackRequest) throws SignInFailed {
        AuthenticationResponse response;
        try {
            response = AuthenticationResponseParser.parse(callbackRequest);
        } catch (ParseException e) {
            throw new SignInFailed("the sign-in response could not be read");
        }
        if (!new State(attempt.state()).equals(response.getState())) {
            throw new SignInFailed("the sign-in response does not answer this browser's sign-in");
        }
        if (!response.indicatesSuccess()) {
            AuthenticationErrorResponse error = response.toErrorResponse();
            throw new SignInFailed("sign-in was not completed (" + error.getErrorObject().getCode() + ")");
        }
        AuthenticationSuccessResponse success = response.toSuccessResponse();
        if (success.getIssuer() != null && !success.getIssuer().equals(provider.getIssuer())) {
            throw new SignInFailed("the sign-in response came from another provider"); // RFC 9207 mix-up defence
        }
        AuthorizationCode code = success.getAuthorizationCode();
        if (code == null) {
            throw new SignInFailed("the sign-in response carries no authorization code");
        }
        JWT idToken = exchange(code, new CodeVerifier(attempt.codeVerifier()));
        IDTokenClaimsSet claims;
        try {
            claims = idTokens.validate(idToken, new Nonce(attempt.nonce()));
        } catch (com.nimbusds.jose.JOSEException | com.nimbusds.jose.proc.BadJOSEException e) {
            throw new SignInFailed("the provider's ID token is not valid: " + e.getMessage());
        }
        java.util.Date authenticated = claims.getAuthenticationTime();
        if (authenticated == null || authenticated.toInstant().isBefore(java.time.Instant.now()
                .minus(freshness).minus(AUTH_TIME_SKEW))) {
            throw new SignInFailed("the provider did not ask for the password again after the console's idle time");
        }
        return person(claims, idToken.getParsedString());
    }

    private JWT exchange(AuthorizationCode code, CodeVerifier verifier) throws SignInFailed {
        TokenRequest request = new TokenRequest(provider.getTokenEndpointURI(),
                new ClientSecretBasic(clientId, clientSecret), new AuthorizationCodeGrant(code, callback, verifier));
        TokenResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            configure(http, providerTls);
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException | ParseException e) {
            throw new SignInFailed("the provider could not be asked for the tokens: " + e.getMessage());
        }
        if (!response.indicatesSuccess()) {
            TokenErrorResponse error = response.toErrorResponse();
            throw new SignInFailed("the provider refused the sign-in code (" + error.getErrorObject().getCode() + ")");
        }
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
    }

    private static ConsolePerson person(IDTokenClaimsSet claims, String idToken) throws SignInFailed {
        String orgId = stringClaim(claims, "org_id");
        Organisation organisation;
        try {
            organisation = Organisation.parseId(orgId);
        } catch (InvalidValueException e) {
            throw new SignInFailed("the account's organisation is not one the gateway knows");
        }
        List<String> roleNames = Optional.ofNullable(claims.getStringListClaim("roles")).orElse(List.of());
        Set<ConsoleRole> roles = EnumSet.noneOf(ConsoleRole.class);
        roleNames.forEach(name -> ConsoleRole.ofRealmName(name).ifPresent(roles::add));
        String username = Optional.ofNullable(claims.getStringClaim("preferred_username")).orElse("");
        String name = Optional.ofNullable(claims.getStringClaim("name")).orElse(username);
        return new ConsolePerson(claims.getSubject().getValue(), username, name, organisation,
                Optional.ofNullable(claims.getStringClaim("org_unit")), roles, idToken);
    }

    private static String stringClaim(IDTokenClaimsSet claims, String name) throws SignInFailed {
        String value = claims.getStringClaim(name);
        if (value == null || value.isBlank()) {
            throw new SignInFailed("the account has no " + name + ": ask the gateway operator to set it");
        }
        return value;
    }

    /** Where to send a person signing out: the provider ends their session there, then returns them to the console. */
    public URI signOutRedirect(ConsolePerson person) {
        URI endSession = provider.getEndSessionEndpointURI();
        if (endSession == null) {
            return signedOut;
        }
        try {
            return new LogoutRequest(endSession, JWTParser.parse(person.idToken()), signedOut, new State()).toURI();
        } catch (java.text.ParseException e) {
            return signedOut; // cannot happen for a token validated at sign-in; the local session ends all the same
        }
    }

    private static void configure(HTTPRequest request, SSLSocketFactory tls) {
        request.setSSLSocketFactory(tls);
        request.setConnectTimeout(TIMEOUT_MILLIS);
        request.setReadTimeout(TIMEOUT_MILLIS);
    }
}
