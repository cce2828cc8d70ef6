package org.bridgeway.audit.timestamp;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.bridgeway.audit.timestamp.TimestampUnavailableException.Reason;

/**
 * Asks an RFC 3161 time-stamping authority over HTTP (RFC 3161 section 3.4) for a token, and accepts it only if
 * every check passes: HTTP 200 with {@code application/timestamp-reply}, an answer of at most
 * {@value #MAX_RESPONSE_BYTES} bytes, PKIStatus granted (or grantedWithMods), the nonce and SHA-256 imprint sent,
 * and a token that {@link TimestampTokens#verify verifies} against the configured TSA certificate. Anything else
 * is a {@link TimestampUnavailableException}: it fails closed.
 */
public final class Rfc3161Client implements TimestampAuthority {
    /** Connect and request timeout when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Largest answer read; a token with its certificate is a few kilobytes. */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private static final SecureRandom NONCES = new SecureRandom();

    private final URI url;
    private final X509Certificate tsaCertificate;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final HttpClient http;

    /** A client with {@link #DEFAULT_TIMEOUT} for connecting and for the request. */
    public Rfc3161Client(URI url, X509Certificate tsaCertificate) {
        this(url, tsaCertificate, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    /**
     * @param url the TSA's http or https endpoint
     * @param tsaCertificate the certificate that must have signed every token (a trust anchor: no chain is built)
     * @param connectTimeout how long to wait for the connection
     * @param requestTimeout how long to wait for the answer once connected
     */
    public Rfc3161Client(URI url, X509Certificate tsaCertificate, Duration connectTimeout, Duration requestTimeout) {
        this.url = requireHttp(url);
        this.tsaCertificate = Objects.requireNonNull(tsaCertificate, "tsaCertificate");
        this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
        this.requestTimeout = requirePositive(requestTimeout, "requestTimeout");
        TimestampTokens.holder(tsaCertificate); // an unusable trust anchor is a configuration error: fail at start
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public TimestampToken timestamp(byte[] sha256Imprint) {
        TimestampTokens.requireSha256(sha256Imprint);
        byte[] imprint = sha256Imprint.clone();
        TimeStampRequest request = request(imprint);
        TimeStampResponse response = parse(exchange(encode(request)));
        TimeStampToken token = grantedToken(response);
        checkAnswers(request, token);
        return verified(token, imprint);
    }

    private static TimeStampRequest request(byte[] imprint) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        return generator.generate(TSPAlgorithms.SHA256, imprint, new BigInteger(64, NONCES));
    }

    private static byte[] encode(TimeStampRequest request) {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a time-stamp request", e);
        }
    }

    private byte[] exchange(byte[] query) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Type", Rfc3161Media.QUERY)
                .header("Accept", Rfc3161Media.REPLY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(query))
                .build();
        CompletableFuture<HttpResponse<byte[]>> pending =
                http.sendAsync(request, BoundedBody.okBodyUpTo(MAX_RESPONSE_BYTES));
        HttpResponse<byte[]> response;
        // The request timeout stops at the response headers; this deadline also bounds a body that trickles in.
        Duration deadline = connectTimeout.plus(requestTimeout);
        try {
            response = pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new TimestampUnavailableException(Reason.TIMED_OUT,
                    "no complete answer from TSA " + url + " within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new TimestampUnavailableException(Reason.INTERRUPTED,
                    "interrupted while waiting for TSA " + url);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
        if (response.statusCode() != 200) {
            throw new TimestampUnavailableException(Reason.HTTP_STATUS,
                    "TSA " + url + " answered HTTP " + response.statusCode());
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        if (!Rfc3161Media.is(contentType, Rfc3161Media.REPLY)) {
            throw new TimestampUnavailableException(Reason.BAD_RESPONSE, "TSA " + url + " answered Content-Type "
                    + contentType + ", not " + Rfc3161Media.REPLY);
        }
        return response.body();
    }

    private TimestampUnavailableException failure(Throwable cause) {
        if (find(cause, HttpConnectTimeoutException.class) != null) {
            return new TimestampUnavailableException(Reason.TIMED_OUT, "connecting to TSA " + url
                    + " timed out after " + connectTimeout.toMillis() + " ms", cause);
        }
        if (find(cause, HttpTimeoutException.class) != null) {
            return new TimestampUnavailableException(Reason.TIMED_OUT, "TSA " + url + " did not answer within "
                    + requestTimeout.toMillis() + " ms", cause);
        }
        BoundedBody.TooLarge tooLarge = find(cause, BoundedBody.TooLarge.class);
        if (tooLarge != null) {
            return new TimestampUnavailableException(Reason.BAD_RESPONSE,
                    "TSA " + url + " " + tooLarge.getMessage(), cause);
        }
        if (find(cause, ConnectException.class) != null) {
            return new TimestampUnavailableException(Reason.UNREACHABLE,
                    "TSA " + url + " unreachable: connection refused or failed", cause);
        }
        return new TimestampUnavailableException(Reason.UNREACHABLE,
                "exchange with TSA " + url + " failed: " + cause, cause);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private TimeStampResponse parse(byte[] body) {
        try {
            return new TimeStampResponse(TimeStampResp.getInstance(StrictDer.parse(body)));
        } catch (IOException | TSPException | RuntimeException e) {
            throw new TimestampUnavailableException(Reason.BAD_RESPONSE,
                    "TSA " + url + " answered something that is not a TimeStampResp: " + e.getMessage(), e);
        }
    }

    private TimeStampToken grantedToken(TimeStampResponse response) {
        int status = response.getStatus();
        if (status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS) {
            String text = response.getStatusString();
            throw new TimestampUnavailableException(Reason.REFUSED, "TSA " + url + " refused: status "
                    + PkiStatusText.status(status) + ", failure info " + PkiStatusText.failure(response.getFailInfo())
                    + (text == null ? "" : ", \"" + text + "\""));
        }
        TimeStampToken token = response.getTimeStampToken();
        if (token == null) {
            throw new TimestampUnavailableException(Reason.BAD_RESPONSE,
                    "TSA " + url + " granted the request but sent no token");
        }
        return token;
    }

    private void checkAnswers(TimeStampRequest request, TimeStampToken token) {
        TimeStampTokenInfo info = token.getTimeStampInfo();
        if (!request.getNonce().equals(info.getNonce())) {
            throw new TimestampUnavailableException(Reason.BAD_RESPONSE, "TSA " + url + " answered nonce "
                    + info.getNonce() + ", not the nonce sent (" + request.getNonce() + ")");
        }
        if (!request.getMessageImprintAlgOID().equals(info.getMessageImprintAlgOID())
                || !MessageDigest.isEqual(request.getMessageImprintDigest(), info.getMessageImprintDigest())) {
            throw new TimestampUnavailableException(Reason.BAD_RESPONSE, "TSA " + url + " time-stamped imprint "
                    + TimestampTokens.hex(info.getMessageImprintDigest()) + " (" + info.getMessageImprintAlgOID()
                    + "), not the imprint sent");
        }
    }

    private TimestampToken verified(TimeStampToken token, byte[] imprint) {
        byte[] der;
        try {
            der = token.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new TimestampUnavailableException(Reason.BAD_RESPONSE,
                    "token from TSA " + url + " cannot be DER-encoded", e);
        }
        // Verifies the exact bytes handed back, so whatever is stored with the tree head is known to verify.
        try {
            TimeStampToken checked = TimestampTokens.verified(der, imprint, tsaCertificate);
            TimeStampTokenInfo info = checked.getTimeStampInfo();
            return new TimestampToken(der, info.getGenTime().toInstant(), info.getSerialNumber());
        } catch (InvalidTimestampException e) {
            throw new TimestampUnavailableException(Reason.BAD_RESPONSE,
                    "token from TSA " + url + " rejected (" + e.reason() + "): " + e.getMessage(), e);
        }
    }

    private static URI requireHttp(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("the TSA URL must be an absolute http or https URL: " + url);
        }
        return url;
    }

    private static Duration requirePositive(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + timeout);
        }
        return timeout;
    }
}
