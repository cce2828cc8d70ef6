package org.bridgeway.transport;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP server: our own Vert.x server rather than Camel's embedded one, because Camel's sets no
 * client authentication and no protocol versions. Over TLS it offers TLS 1.3 and 1.2 only, with AEAD cipher
 * suites, and requests a client certificate that {@link ClientCertificateTrustManager} verifies against the
 * configured roots and CRLs. The Camel REST DSL's platform-http consumers attach their routes to this server's
 * router, which is bound in Camel's registry under the name they look up; {@link EdgeGuard} runs before all of
 * them.
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

    private final Vertx vertx;
    private final HttpServer server;
    private final VertxPlatformHttpRouter camelRouter;
    private final Optional<RevocationLists> revocationLists;
    private final boolean tls;

    private GatewayHttpServer(Vertx vertx, HttpServerOptions options, long maxBodyBytes, AuthenticationFailures failures,
                              Optional<RevocationLists> revocationLists) {
        this.vertx = vertx;
        this.revocationLists = revocationLists;
        this.tls = options.isSsl();
        Router router = Router.router(vertx);
        router.route().order(-1).handler(new EdgeGuard(failures, tls));
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
            HttpServerOptions options = new HttpServerOptions()
                    .setSsl(true)
                    .setClientAuth(ClientAuth.REQUEST)
                    .setEnabledSecureTransportProtocols(PROTOCOLS)
                    .setKeyCertOptions(new PfxOptions().setPath(tls.keyStore().toString())
                            .setPassword(tls.keyStorePassword()))
                    .setTrustOptions(TrustOptions.wrap(trust))
                    .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS)
                    .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
            CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
            return new GatewayHttpServer(vertx, options, maxBodyBytes, failures, Optional.of(crls));
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
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

    @Override
    public void close() {
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
