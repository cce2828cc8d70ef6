package org.bridgeway.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.bridgeway.testing.TestPki;

/**
 * HTTP clients of the gateway's API over mutual TLS, one per organisation (the certificate it presents, from the
 * run's {@link TestPki}) and per gateway process: a restarted gateway gets fresh clients, so that no request goes
 * out on a pooled connection to a process that is gone (whose failure would say nothing about the new one).
 */
final class ApiClients {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final Timeline timeline;
    private final Map<String, HttpClient> clients = new HashMap<>();

    ApiClients(int port, Timeline timeline) {
        this.base = "https://127.0.0.1:" + port + "/api/v1";
        this.timeline = timeline;
    }

    HttpResponse<String> get(String organisation, String path) throws IOException, InterruptedException {
        return send(organisation, HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).GET());
    }

    HttpResponse<String> post(String organisation, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(organisation, b);
    }

    private HttpResponse<String> send(String organisation, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client(organisation).send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpClient client(String organisation) {
        String key = organisation + "@" + timeline.generation();
        synchronized (clients) {
            return clients.computeIfAbsent(key, k -> TestPki.httpClient(organisation));
        }
    }
}
