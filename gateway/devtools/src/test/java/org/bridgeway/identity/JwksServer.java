package org.bridgeway.identity;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** A loopback HTTPS JWKS endpoint the test controls: which keys it lists, whether it answers, how often it was asked. */
final class JwksServer implements AutoCloseable {
    private final HttpsServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String body = new JWKSet().toString();
    private volatile int status = 200;

    JwksServer(SSLContext tls) {
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/certs", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** Lists the public parts of these keys from now on. */
    void publish(List<? extends JWK> keys) {
        body = new JWKSet(List.copyOf(keys)).toPublicJWKSet().toString();
        status = 200;
    }

    /** Answers every request with this status (and an empty key set) from now on. */
    void failWith(int status) {
        this.status = status;
        body = "{}";
    }

    URI uri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/certs");
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
