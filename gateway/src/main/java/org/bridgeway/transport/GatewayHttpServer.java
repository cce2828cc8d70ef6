package org.bridgeway.transport;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.bridgeway.fault.Fault;
import org.bridgeway.fault.Problems;
import org.bridgeway.fault.Unavailable;
import org.bridgeway.logging.CorrelationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP server: our own Vert.x server rather than Camel's embedded one, because Camel's sets no
 * client authentication and no protocol versions. Over TLS it offers TLS 1.3 and 1.2 only, with AEAD cipher
 * suites, and requests a client certificate that {@link ClientCertificateTrustManager} verifies against the
 * configured roots and CRLs. The Camel REST DSL's platform-http consumers attach their routes to this server's
 * router, which is bound in Camel's registry under the name they look up; {@link EdgeGuard} runs before all of
 * them. On shutdown it {@linkplain #drain drains}: new requests get 503 while those admitted are answered.
 */
public final class GatewayHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpServer.class);
    static final Set<String> PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");
    /** TLS 1.3's suites, then TLS 1.2's ECDHE with AEAD only: forward secrecy, no CBC, no RSA key exchange. */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final int HANDSHAKE_TIMEOUT_SECONDS = 10;
    private static final long DRAIN_POLL_MILLIS = 20;
    /** Closing the listener closes its open connections too: it waits for this long without a request coming in. */
    private static final Duration QUIET_BEFORE_CLOSING = Duration.ofMillis(500);
    private static final Duration MOST_WAITED_FOR_QUIET = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final HttpServer server;
    private final VertxPlatformHttpRouter camelRouter;
    private final Optional<RevocationLists> revocationLists;
    private final boolean tls;
    /** Requests admitted and not yet answered (or abandoned by their client). */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Requests being refused while draining, and when the last one came in. */
    private final AtomicInteger refusing = new AtomicInteger();
    private volatile long lastRefusalNanos;
    private volatile boolean draining;

    private GatewayHttpServer(Vertx vertx, HttpServerOptions options, long maxBodyBytes, AuthenticationFailures failures,
                              Optional<RevocationLists> revocationLists) {
        this.vertx = vertx;
        this.revocationLists = revocationLists;
        this.tls = options.isSsl();
        Router router = Router.router(vertx);
        router.route().order(-2).handler(this::admit);
        router.route().order(-1).handler(new EdgeGuard(failures, tls));
        router.route().failureHandler(this::failed);
        this.camelRouter = new VertxPlatformHttpRouter(null, vertx, router,
                VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
                return ctx -> {
                    ctx.request().resume(); // as Camel's own server does: the router may have paused it
                    body.handle(ctx);
                };
            }
        };
        this.server = vertx.createHttpServer(options).requestHandler(router)
                // Handshake failures land here; the trust manager has audited them. Never log more than the type.
                .exceptionHandler(e -> LOG.debug("connection failed: {}", e.getClass().getSimpleName()));
    }

    /** A server for the transport, not yet listening; reads the key store, roots and CRLs now. */
    public static GatewayHttpServer create(TransportSecurity security, long maxBodyBytes,
                                           AuthenticationFailures failures, Clock clock) {
        if (!security.configured()) {
            throw new IllegalStateException("no TLS settings and no plain-HTTP opt-in: refusing to serve HTTP");
        }
        Vertx vertx = Vertx.vertx();
        try {
            if (security.tls().isEmpty()) {
                return new GatewayHttpServer(vertx, new HttpServerOptions(), maxBodyBytes, failures, Optional.empty());
            }
            TlsSettings tls = security.tls().get();
            List<X509Certificate> roots = readCertificates(tls.trustAnchors());
            List<X509Certificate> intermediates = readCertificates(tls.intermediates());
            List<X509Certificate> issuers = new ArrayList<>(roots);
            issuers.addAll(intermediates);
            RevocationLists crls = new RevocationLists(tls.crls(), issuers, tls.crlRecheck(), clock);
            ClientCertificateTrustManager trust = new ClientCertificateTrustManager(
                    new ClientCertificateVerifier(roots, intermediates, crls, clock), failures, roots);
            HttpServerOptions options = serverTls(tls.keyStore(), tls.keyStorePassword())
                    .setClientAuth(ClientAuth.REQUEST)
                    .setTrustOptions(TrustOptions.wrap(trust));
            return new GatewayHttpServer(vertx, options, maxBodyBytes, failures, Optional.of(crls));
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /**
     * A TLS server's options as every listener of the gateway has them: its key store, TLS 1.3 and 1.2 with the
     * AEAD suites above, and a bounded handshake. Listeners add their client authentication, if any.
     */
    public static HttpServerOptions serverTls(Path keyStore, String keyStorePassword) {
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setEnabledSecureTransportProtocols(PROTOCOLS)
                .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword(keyStorePassword))
                .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS)
                .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return options;
    }

    /** Bind this in Camel's registry under {@link VertxPlatformHttpRouter#PLATFORM_HTTP_ROUTER_NAME_ZERO}. */
    public VertxPlatformHttpRouter camelRouter() {
        return camelRouter;
    }

    /** The CRLs client certificates are checked against; empty in plain-HTTP mode. */
    public Optional<RevocationLists> revocationLists() {
        return revocationLists;
    }

    /** Starts listening; returns the port (useful with port 0). */
    public int listen(String host, int port) {
        try {
            server.listen(port, host).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        LOG.info("Bridgeway API listening on {}://{}:{}", tls ? "https" : "http", host, server.actualPort());
        return server.actualPort();
    }

    public int port() {
        return server.actualPort();
    }

    /**
     * Starts the shutdown drain and waits up to {@code timeout} for the requests already admitted to be answered.
     * From now on every new request, on a new connection or a kept-alive one, is answered 503 with
     * {@code Retry-After} and {@code Connection: close}, and so is the end of every answer still to be written:
     * the listener keeps accepting (no reset, no 404 as the routes go) until {@link #close()}.
     */
    public void drain(Duration timeout) {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(DRAIN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) {
            LOG.warn("{} API request(s) still unanswered after {} s of draining", inFlight.get(), timeout.toSeconds());
        }
    }

    /**
     * The first handler of every request: gives it its correlation id, then counts it in, or refuses it while
     * draining. The id goes on the request for the routes (replacing whatever the caller sent under that name), in
     * the MDC while this thread works for it, and on every answer, whoever writes it. The caller's X-Request-Id is
     * taken off the request, so no route logs, stores or sends it on, and only echoed on the answer.
     */
    private void admit(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        CorrelationId.Request correlation = CorrelationId.ofRequest(request.getHeader(CorrelationId.REQUEST_HEADER),
                request.getHeader(CorrelationId.TRACEPARENT_HEADER));
        String id = correlation.id();
        request.headers().remove(CorrelationId.REQUEST_HEADER);
        request.headers().set(CorrelationId.CORRELATION_HEADER, id);
        if (correlation.traceParent().isEmpty()) {
            request.headers().remove(CorrelationId.TRACEPARENT_HEADER);
        }
        ctx.put(CorrelationId.MDC_KEY, id);
        ctx.addHeadersEndHandler(v -> {
            HttpServerResponse response = ctx.response();
            response.putHeader(CorrelationId.CORRELATION_HEADER, id);
            response.putHeader(CorrelationId.REQUEST_HEADER, correlation.echo());
            correlation.traceParent().ifPresentOrElse(
                    trace -> response.putHeader(CorrelationId.TRACEPARENT_HEADER, trace.header()),
                    () -> response.headers().remove(CorrelationId.TRACEPARENT_HEADER));
        });
        try (var logged = CorrelationId.open(id)) {
            if (correlation.replaced()) {
                // the caller's value is never logged: it may be anything, a forged log line included
                LOG.debug("the request's X-Request-Id is not a printable token of at most {} characters: replaced",
                        CorrelationId.MAX_LENGTH);
            }
            admitCorrelated(ctx);
        }
    }

    private void admitCorrelated(RoutingContext ctx) {
        if (draining) {
            refusing.incrementAndGet();
            lastRefusalNanos = System.nanoTime();
            ctx.addEndHandler(done -> refusing.decrementAndGet());
            whenRead(ctx.request(), () -> answerUnavailable(ctx, Unavailable.SHUTTING_DOWN));
            return;
        }
        inFlight.incrementAndGet();
        ctx.addEndHandler(done -> inFlight.decrementAndGet());
        ctx.addHeadersEndHandler(v -> {
            if (draining) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
        });
        ctx.next();
    }

    /**
     * Runs {@code then} once the request's body has arrived (and been dropped): a connection closed while the
     * client is still sending would reach it as a reset, not as the answer.
     */
    private static void whenRead(HttpServerRequest request, Runnable then) {
        if (request.isEnded()) {
            then.run();
            return;
        }
        request.handler(ignored -> { }).exceptionHandler(ignored -> { }).endHandler(v -> then.run());
        request.resume();
    }

    /**
     * Failures the router met outside Camel's routes (a body cut off, a handler's exception): a client that hung
     * up is one INFO line, never an unhandled exception; anything else is answered as a problem. A failure that
     * is only a status (413 from the body limit) keeps Vert.x's answer.
     */
    private void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure == null) {
            ctx.next();
            return;
        }
        try (var logged = CorrelationId.open(correlationOf(ctx))) {
            answerFailure(ctx, failure);
        }
    }

    private void answerFailure(RoutingContext ctx, Throwable failure) {
        Fault fault = Fault.of(failure);
        String request = ctx.request().method() + " " + ctx.normalizedPath();
        if (fault instanceof Fault.ClientGone || ctx.response().closed()) {
            LOG.info("{}: the client closed the connection before it was answered ({})", request,
                    failure.getClass().getSimpleName());
        } else if (ctx.response().headWritten()) {
            LOG.warn("{}: failed after its answer had begun ({})", request, failure.toString());
            ctx.response().reset();
        } else if (fault instanceof Fault.ResourceUnavailable down) {
            LOG.warn("{}: the {} is unavailable ({})", request, down.resource().code(), down.cause().toString());
            answerUnavailable(ctx, down.resource());
        } else {
            LOG.error("{}: failed", request, failure);
            answer(ctx, 500, Problems.of(500, "Internal error",
                    "the request could not be completed; the failure is logged", null));
        }
    }

    private void answerUnavailable(RoutingContext ctx, Unavailable resource) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
        answer(ctx, 503, resource.problem());
    }

    private void answer(RoutingContext ctx, int status, Map<String, Object> problem) {
        HttpServerResponse response = ctx.response();
        if (draining) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        answerProblem(ctx, status, problem);
    }

    /** Answers with an RFC 9457 problem whose {@code instance} names the request's correlation id. */
    static void answerProblem(RoutingContext ctx, int status, Map<String, Object> problem) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .end(Json.encode(Problems.answering(problem, correlationOf(ctx))));
    }

    /** The id {@link #admit} gave the request. */
    static String correlationOf(RoutingContext ctx) {
        String id = ctx.get(CorrelationId.MDC_KEY);
        return id != null ? id : CorrelationId.generate();
    }

    /**
     * Vert.x closes a listener's open connections with it, so a request a client is sending at that instant would be
     * cut. After a drain, the listener closes only once no refusal is being answered and none has come in for a
     * moment (clients told to retry later have gone), or after a few seconds at most.
     */
    private void awaitQuiet() {
        long deadline = System.nanoTime() + MOST_WAITED_FOR_QUIET.toNanos();
        while (System.nanoTime() < deadline && (refusing.get() > 0
                || System.nanoTime() - lastRefusalNanos < QUIET_BEFORE_CLOSING.toNanos())) {
            try {
                Thread.sleep(DRAIN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        if (draining) {
            awaitQuiet();
        }
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("error while stopping the HTTP server: {}", e.toString());
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("error while stopping Vert.x: {}", e.toString());
        }
    }

    private static List<X509Certificate> readCertificates(List<Path> files) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    certificates.add((X509Certificate) c);
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the certificates in " + file + ": " + e.getMessage(), e);
            }
        }
        return certificates;
    }
}
