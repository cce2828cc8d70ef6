package org.bridgeway.dev.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Asks a Keycloak realm's token endpoint for access tokens over mutual TLS, as a partner system does: the client
 * authenticates with its certificate (tls_client_auth), so no client secret exists, and the token comes back
 * bound to that certificate. Errors say the HTTP status and the OAuth error code, never a token or password.
 */
public final class TokenEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI tokenUri;
    private final HttpClient http;

    /** @param mtls presents the partner system's client certificate */
    public TokenEndpoint(URI tokenUri, SSLContext mtls) {
        this.tokenUri = tokenUri;
        this.http = HttpClient.newBuilder().sslContext(mtls).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The client's own token (its service account): the OAuth client_credentials grant. */
    public String clientCredentials(String clientId) {
        return accessToken(Map.of("grant_type", "client_credentials", "client_id", clientId));
    }

    /**
     * A person's token through their organisation's system: the resource owner password grant, which the realm
     * enables for development only (a real partner system would use the authorization code flow).
     */
    public String password(String clientId, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        return accessToken(form);
    }

    private String accessToken(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(tokenUri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !answer.hasNonNull("access_token")) {
                throw new IllegalStateException("the token endpoint refused " + form.get("grant_type") + " for "
                        + form.get("client_id") + ": HTTP " + response.statusCode() + " "
                        + answer.path("error").asText("(no OAuth error code)"));
            }
            return answer.get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the token endpoint " + tokenUri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for a token", e);
        }
    }
}
