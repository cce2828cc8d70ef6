package org.bridgeway.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain-HTTP management listener: {@code GET /health/live}, {@code /health/ready} and {@code /metrics}.
 *
 * <p>The JDK's own HTTP server rather than the API's Vert.x server: the management port must answer while the API
 * is saturated or draining (its own threads, not the API's event loop), readiness checks block on JDBC (which must
 * not run on an event loop), and it needs none of the API's TLS, authentication or routing. Nothing here is secret
 * or personal: health states with short reasons, and meters whose tags are exchange types, organisation ids and
 * refusal reasons; it is bound to loopback by default all the same.
 */
public final class ManagementServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The Prometheus text exposition format, version 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService threads;
    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;
    private final List<Runnable> beforeScrape;

    private ManagementServer(HttpServer server, ExecutorService threads, PrometheusMeterRegistry registry,
                             Readiness readiness, List<Runnable> beforeScrape) {
        this.server = server;
        this.threads = threads;
        this.registry = registry;
        this.readiness = readiness;
        this.beforeScrape = List.copyOf(beforeScrape);
    }

    /**
     * Listens on the settings' address.
     *
     * @param beforeScrape refreshes of meters read from elsewhere (mailbox depths from the broker), run before each
     *                     scrape rather than on a timer, so an idle gateway does no work for them
     */
    public static ManagementServer start(ManagementSettings settings, PrometheusMeterRegistry registry,
                                         Readiness readiness, List<Runnable> beforeScrape) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for management on " + settings.host() + ":"
                    + settings.port() + " (" + e.getMessage() + "): choose another management port or host", e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "management-http");
            t.setDaemon(true);
            return t;
        });
        ManagementServer management = new ManagementServer(server, threads, registry, readiness, beforeScrape);
        server.setExecutor(threads);
        server.createContext("/", management::handle);
        server.start();
        LOG.info("management (health, readiness, metrics) on http://{}:{}", settings.host(), management.port());
        return management;
    }

    /** The bound port: the configured one, or the one chosen for port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/health/live" -> send(exchange, 200, "application/json", "{\"status\":\"UP\"}");
                case "/health/ready" -> {
                    List<Readiness.Result> results = readiness.run();
                    boolean ready = results.stream().allMatch(r -> r.status().up());
                    send(exchange, ready ? 200 : 503, "application/json",
                            JSON.writeValueAsString(Readiness.body(results)));
                }
                case "/metrics" -> {
                    readiness.run(); // the health gauges as the probes would see them now
                    beforeScrape.forEach(ManagementServer::runQuietly);
                    send(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
                }
                default -> send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("management request {} failed: {}", exchange.getRequestURI().getPath(), e.toString());
        }
    }

    private static void runQuietly(Runnable refresh) {
        try {
            refresh.run();
        } catch (RuntimeException e) {
            LOG.warn("a metrics refresh failed: {}", e.toString()); // the scrape goes on with the last values
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }


    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
