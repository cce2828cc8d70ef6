package org.bridgeway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.testing.TestPki;
import org.bridgeway.testing.TestTokens;

/**
 * A java.net.http client for the gateway's API on loopback over mutual TLS: each call presents the client
 * certificate of the organisation it names (from the test run's PKI, see {@link TestPki#client}; any organisation
 * id, or a client name such as "local-authority-886-edt"), or no certificate when the organisation is null.
 * With it goes the client_credentials token of that system's service account from the run's Keycloak
 * ({@link TestTokens}, bound to that very certificate), when the realm has the system; the variants taking a
 * {@code bearer} send exactly that token, or none. Remembers every response it saw.
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    /** One client per certificate presented: a connection's identity is fixed at its handshake. */
    private final Map<String, HttpClient> clients = new HashMap<>();
    private final List<HttpResponse<String>> seen = new ArrayList<>();

    ApiClient(String apiBase) {
        this.base = apiBase;
    }

    HttpResponse<String> get(String path, String organisation) {
        return get(path, organisation, serviceAccount(organisation));
    }

    /** Over {@code organisation}'s certificate, with exactly {@code bearer} as token (none when empty). */
    HttpResponse<String> get(String path, String organisation, Optional<String> bearer) {
        return send(organisation, request(path, bearer).GET().build());
    }

    HttpResponse<String> post(String path, String organisation, String contentType, byte[] body) {
        return post(path, organisation, contentType, body, serviceAccount(organisation));
    }

    HttpResponse<String> post(String path, String organisation, String contentType, byte[] body,
                              Optional<String> bearer) {
        HttpRequest.Builder b = request(path, bearer).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(organisation, b.build());
    }

    HttpResponse<String> postJson(String path, String organisation, String json, Optional<String> bearer) {
        return post(path, organisation, "application/json", json.getBytes(StandardCharsets.UTF_8), bearer);
    }

    /** A person's token through that organisation's system ({@link TestTokens#person}). */
    static Optional<String> person(String organisation, String username) {
        return Optional.of(TestTokens.person(organisation, username));
    }

    /** The token {@link #get(String, String)} sends: the system's service account's, if the realm has it. */
    static Optional<String> serviceAccount(String organisation) {
        return organisation == null ? Optional.empty() : TestTokens.serviceAccount(organisation);
    }

    HttpResponse<String> postJson(String path, String organisation, String json) {
        return post(path, organisation, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** The responses received since the last call, forgetting them. */
    List<HttpResponse<String>> takeSeen() {
        synchronized (seen) {
            List<HttpResponse<String>> out = List.copyOf(seen);
            seen.clear();
            return out;
        }
    }

    /** Every response seen since the last call (forgetting them) repeats none of {@code values}. */
    void assertNoResponseRepeats(java.util.Set<String> values) {
        for (HttpResponse<String> r : takeSeen()) {
            for (String value : values) {
                org.assertj.core.api.Assertions.assertThat(r.body())
                        .as("%s %s answered %s", r.request().method(), r.request().uri(), r.statusCode())
                        .doesNotContain(value);
            }
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private HttpRequest.Builder request(String path, Optional<String> bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        bearer.ifPresent(token -> b.header("Authorization", "Bearer " + token));
        return b;
    }

    private HttpClient clientFor(String organisation) {
        synchronized (clients) {
            return clients.computeIfAbsent(organisation == null ? "" : organisation,
                    o -> TestPki.httpClient(o.isEmpty() ? null : o));
        }
    }

    private HttpResponse<String> send(String organisation, HttpRequest request) {
        try {
            HttpResponse<String> response = clientFor(organisation).send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            synchronized (seen) {
                seen.add(response);
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
