package org.bridgeway.dev.tsa;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.bridgeway.audit.timestamp.Rfc3161Media;

/**
 * A loopback RFC 3161 time-stamping authority for the demo and tests: never for production, since its key lives in
 * memory only and its certificate is self-signed and made anew at every {@link #start()}.
 *
 * <p>It serves {@code POST} {@value #PATH} with {@code Content-Type: application/timestamp-query} on 127.0.0.1 at
 * an ephemeral port, and answers {@code application/timestamp-reply}. It grants only SHA-256 imprints without
 * request extensions, under policy {@value #POLICY_OID} (a request naming another policy is refused); tokens are
 * signed with ECDSA P-256 / SHA-256, carry the TSA certificate when asked, and have serial numbers 1, 2, 3, ....
 * A body that is not a TimeStampReq is answered with a rejection (badDataFormat). HTTP errors: 404 for another
 * path, 405 for another method, 415 for another content type, 413 for a body over {@value #MAX_REQUEST_BYTES}
 * bytes, and 503 while {@link #setAvailable(boolean) unavailable}.
 */
public final class DevelopmentTimestampAuthority implements AutoCloseable {
    /**
     * The policy under which tokens are issued: a UUID-derived OID (ITU-T X.667, arc 2.25), which needs no
     * registration and cannot collide with a real TSA's policy.
     */
    public static final String POLICY_OID = TokenIssuer.POLICY_OID;
    /** Where requests are served. */
    public static final String PATH = "/tsa";
    /** Largest request accepted; a SHA-256 request is under 100 bytes. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024;

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final TokenIssuer issuer;
    private final HttpServer server;
    private final ExecutorService executor;
    private volatile boolean available = true;

    private DevelopmentTimestampAuthority(TokenIssuer issuer) throws IOException {
        this.issuer = issuer;
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "dev-tsa-" + instance + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Generates a fresh key pair and certificate and starts serving. */
    public static DevelopmentTimestampAuthority start() {
        try {
            return new DevelopmentTimestampAuthority(new TokenIssuer(TsaCredential.generate()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the development TSA on the loopback interface", e);
        }
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:41234/tsa}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** The self-signed TSA certificate that verifies this authority's tokens. */
    public X509Certificate certificate() {
        return issuer.credential().certificate();
    }

    /** While false, every request is answered 503, as a TSA outage would be. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                answer(exchange);
            } catch (RuntimeException e) {
                // The JDK server would drop the connection without an answer; a 500 tells the client what happened.
                sendText(exchange, 500, "internal error");
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            sendText(exchange, 404, "not found");
        } else if (!available) {
            sendText(exchange, 503, "time-stamping is unavailable");
        } else if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            sendText(exchange, 405, "only POST");
        } else if (!Rfc3161Media.is(exchange.getRequestHeaders().getFirst("Content-Type"), Rfc3161Media.QUERY)) {
            sendText(exchange, 415, "Content-Type must be " + Rfc3161Media.QUERY);
        } else {
            byte[] query = readAtMost(exchange.getRequestBody(), MAX_REQUEST_BYTES + 1);
            if (query.length > MAX_REQUEST_BYTES) {
                sendText(exchange, 413, "request larger than " + MAX_REQUEST_BYTES + " bytes");
            } else {
                send(exchange, 200, Rfc3161Media.REPLY, issuer.respond(query));
            }
        }
    }

    private static byte[] readAtMost(InputStream body, int limit) throws IOException {
        try (body) {
            return body.readNBytes(limit);
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
