package org.bridgeway.transport;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.bridgeway.fault.Problems;

/**
 * The first handler of every request, before any route or body is read: a source blocked for repeated failed
 * authentications gets 429 with Retry-After; over TLS, a connection that presented no client certificate gets
 * 401 and the refusal is counted and audited like a bad certificate at the handshake. (The TLS server only
 * requests a certificate so that this refusal, which the JDK makes without telling anyone who asked, happens
 * here where the source is known.) Everything else goes on to the API, where the identity is read from the
 * verified certificate.
 */
final class EdgeGuard implements Handler<RoutingContext> {
    private final AuthenticationFailures failures;
    private final boolean tls;

    EdgeGuard(AuthenticationFailures failures, boolean tls) {
        this.failures = failures;
        this.tls = tls;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String source = sourceOf(request);
        if (failures.blocked(source)) {
            failures.refusedWhileBlocked(source);
            long seconds = failures.retryAfter(source).toSeconds();
            ctx.response().putHeader("Retry-After", String.valueOf(seconds));
            refuse(ctx, 429, "Too many failed authentications", "this source is refused for " + seconds
                    + " s after repeated failed authentications");
            return;
        }
        if (tls && !presentedCertificate(request)) {
            failures.refused(source, RefusalReason.NO_CERTIFICATE, null);
            refuse(ctx, 401, "Unauthenticated", "a client certificate issued to your organisation is required "
                    + "(mutual TLS); reason: " + RefusalReason.NO_CERTIFICATE.code());
            return;
        }
        ctx.next();
    }

    static String sourceOf(HttpServerRequest request) {
        return SourceAddress.of(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
    }

    /** Whether the connection carries a client certificate; the trust manager has already verified it. */
    private static boolean presentedCertificate(HttpServerRequest request) {
        if (!request.isSSL()) {
            return false;
        }
        try {
            List<Certificate> peer = request.connection().peerCertificates();
            return peer != null && !peer.isEmpty();
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    private static void refuse(RoutingContext ctx, int status, String title, String detail) {
        // The body is never read: let it drain so the connection stays usable for the answer.
        ctx.request().resume();
        GatewayHttpServer.answerProblem(ctx, status, Problems.of(status, title, detail, null));
    }
}
