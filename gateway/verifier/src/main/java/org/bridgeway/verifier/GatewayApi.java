package org.bridgeway.verifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/** Reads what a gateway's audit API publishes: its latest signed head and consistency proofs. */
final class GatewayApi {
    private static final int MAX_ANSWER_CHARS = 64 * 1024;

    private final URI gateway;
    private final HttpClient http;
    private final Supplier<String> bearerToken;

    GatewayApi(URI gateway, HttpClient http, Supplier<String> bearerToken) {
        this.gateway = gateway;
        this.http = http;
        this.bearerToken = bearerToken;
    }

    String checkpoint() throws IOException, InterruptedException {
        return get("/api/v1/audit/checkpoint");
    }

    String consistencyProof(long first, long second) throws IOException, InterruptedException {
        return get("/api/v1/audit/proof/consistency?first=" + first + "&second=" + second);
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(10));
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken.get());
        }
        HttpResponse<String> response = http.send(request.GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        if (response.body().length() > MAX_ANSWER_CHARS) {
            throw new IOException("GET " + path + " answered more than " + MAX_ANSWER_CHARS + " characters");
        }
        return response.body();
    }
}
