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
import java.util.List;

/** A plain java.net.http client for the gateway's API on loopback; remembers every response it saw. */
final class ApiClient {
    static final String ORG = DevelopmentHeaderIdentity.HEADER;
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<HttpResponse<String>> seen = new ArrayList<>();

    ApiClient(String apiBase) {
        this.base = apiBase;
    }

    HttpResponse<String> get(String path, String organisation) {
        return send(request(path, organisation).GET().build());
    }

    HttpResponse<String> post(String path, String organisation, String contentType, byte[] body) {
        HttpRequest.Builder b = request(path, organisation).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
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

    private HttpRequest.Builder request(String path, String organisation) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (organisation != null) {
            b.header(ORG, organisation);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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
