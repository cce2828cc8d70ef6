package org.bridgeway.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an OPA server, over its REST Data API, for the decision of the Rego package {@code bridgeway.share}:
 * {@code POST /v1/data/bridgeway/share/decision} with body {@code {"input": <PolicyInput.toJson()>}}; the
 * {@code result} has the members of {@link PolicyDecision#toJson()}.
 *
 * <p><b>Fails closed, never throws.</b> When OPA cannot be reached or keeps failing (I/O errors, timeouts and 5xx
 * answers are retried with exponential backoff, up to {@link OpaSettings#maxAttempts()}), rejects the request (4xx,
 * not retried), answers "undefined" (no {@code result}), answers something that is not JSON or not a well-formed
 * decision for this input (see {@link PolicyDecision#fromJson(JsonNode)}; in addition every permitted and withheld
 * field must be a field of the input and, on allow, the withheld fields must be exactly the input fields not
 * permitted), or while the circuit breaker is open, the decision is a denial withholding every input field, whose
 * single reason says why and ends "denied (fail closed)", stamped with policy revision {@value #UNKNOWN_REVISION}
 * (no policy decided it). Permitted and withheld fields of an accepted answer are put in input order.
 *
 * <p><b>Circuit breaker</b> (resilience4j's, count-based). When at least {@link OpaSettings#circuitFailureRate()}
 * percent of the latest {@link OpaSettings#circuitWindow()} decisions found OPA unavailable (every attempt failed
 * with an I/O error, a timeout or a 5xx), the circuit opens for {@link OpaSettings#openDuration()}: decisions are
 * denied at once without a request ("circuit open"). Then the circuit is half-open: the next decision is one trial
 * request (a single attempt) while others are still denied; if OPA answers (any 2xx or 4xx) the circuit closes,
 * otherwise it opens again. An answer from OPA counts as a success, so at the default rate of 100 % any answer
 * starts the count of consecutive failures again. The breaker reads time from the {@link Clock} given to the
 * constructor; the retries between attempts are resilience4j's too, with the backoff of
 * {@link OpaSettings#backoffBefore(int)}. Both publish their meters ({@code resilience4j.circuitbreaker.*},
 * {@code resilience4j.retry.*}, tagged {@code name=opa}) to the registry given to the constructor.
 *
 * <p><b>Revision.</b> {@link #revision()} reads {@code GET /v1/data/bridgeway/revision} (a JSON string) once and
 * caches it; a decision stamped with a different {@code policyRevision} makes the next call read it again. When it
 * cannot be read, the revision last stamped on a decision is returned, or {@value #UNKNOWN_REVISION}.
 *
 * <p>Logs carry status codes, attempt numbers and timings only: never the input, never OPA's answer.
 */
public final class OpaDecisionPoint implements PolicyDecisionPoint, AutoCloseable {

    /** Where the decision of package {@code bridgeway.share} is read. */
    public static final String DECISION_PATH = "/v1/data/bridgeway/share/decision";
    /** Where the bundle's policy revision (a JSON string) is read. */
    public static final String REVISION_PATH = "/v1/data/bridgeway/revision";
    /** The revision when none is known, and the revision stamped on a fail-closed denial. */
    public static final String UNKNOWN_REVISION = "unknown";

    private static final Logger LOG = LoggerFactory.getLogger(OpaDecisionPoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAIL_CLOSED = " — denied (fail closed)";
    private static final int MAX_MESSAGE = 200;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /** The name of the circuit breaker and the retry: the {@code name} tag of their meters. */
    public static final String RESILIENCE_NAME = "opa";
    /** How the breaker learns a decision found OPA unavailable (its reason is in the decision and the log). */
    private static final RuntimeException UNAVAILABLE = new RuntimeException("policy engine unavailable", null,
            false, false) {
    };

    private final URI baseUri;
    private final URI decisionUri;
    private final URI revisionUri;
    private final OpaSettings settings;
    private final Clock clock;
    private final ExecutorService executor;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Object halfOpenLock = new Object();

    /** When the circuit last opened: with the open duration, when the next decision will be a trial. */
    private volatile Instant openedAt = Instant.MIN;

    private volatile String cachedRevision;
    private volatile String lastStampedRevision;
    private volatile boolean closed;

    /** A client with {@link OpaSettings#defaults()} and the system clock. */
    public OpaDecisionPoint(String baseUrl) {
        this(baseUrl, OpaSettings.defaults(), Clock.systemUTC());
    }

    /** A client with the system clock. */
    public OpaDecisionPoint(String baseUrl, OpaSettings settings) {
        this(baseUrl, settings, Clock.systemUTC());
    }

    /** A client with the system clock, publishing the breaker's and the retry's meters to {@code meters}. */
    public OpaDecisionPoint(String baseUrl, OpaSettings settings, MeterRegistry meters) {
        this(baseUrl, settings, Clock.systemUTC(), meters);
    }

    /** A client whose meters go to a registry of its own (nobody reads them). */
    public OpaDecisionPoint(String baseUrl, OpaSettings settings, Clock clock) {
        this(baseUrl, settings, clock, new SimpleMeterRegistry());
    }

    /**
     * A client of the OPA server at {@code baseUrl} (e.g. {@code http://127.0.0.1:8181}; a path prefix, as behind a
     * reverse proxy, is kept).
     *
     * @param clock  the circuit breaker's clock
     * @param meters where the circuit breaker's and the retry's meters are published
     * @throws IllegalArgumentException if {@code baseUrl} is not an absolute http or https URL
     */
    public OpaDecisionPoint(String baseUrl, OpaSettings settings, Clock clock, MeterRegistry meters) {
        this.baseUri = parseBaseUrl(baseUrl);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        String base = baseUri.toString();
        this.decisionUri = URI.create(base + DECISION_PATH);
        this.revisionUri = URI.create(base + REVISION_PATH);
        int n = CLIENTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "opa-client-" + n + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(breakerConfig(settings, clock));
        this.breaker = breakers.circuitBreaker(RESILIENCE_NAME);
        this.breaker.getEventPublisher().onStateTransition(e -> {
            switch (e.getStateTransition().getToState()) {
                case OPEN -> {
                    openedAt = clock.instant();
                    LOG.warn("OPA circuit open for {} ms: {} % or more of the latest {} decisions found OPA "
                                    + "unavailable", settings.openDuration().toMillis(), settings.circuitFailureRate(),
                            settings.circuitWindow());
                }
                case HALF_OPEN -> LOG.info("OPA circuit half-open: one trial request");
                case CLOSED -> LOG.info("OPA circuit closed: the policy engine answers again");
                default -> LOG.warn("OPA circuit {}", e.getStateTransition());
            }
        });
        RetryRegistry retries = RetryRegistry.of(RetryConfig.<Attempt>custom()
                .maxAttempts(settings.maxAttempts())
                // resilience4j counts the retries from 1; the backoff is named by the attempt it precedes
                .intervalFunction(retryNumber -> settings.backoffBefore(retryNumber + 1).toMillis())
                .retryOnResult(Attempt::unavailable)
                .retryOnException(e -> false)
                .build());
        this.retry = retries.retry(RESILIENCE_NAME);
        Objects.requireNonNull(meters, "meters");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    private static CircuitBreakerConfig breakerConfig(OpaSettings settings, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindow(settings.circuitWindow(), settings.circuitWindow(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(settings.circuitFailureRate())
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                // a slow answer is still an answer: the request timeout is what bounds a decision
                .slowCallDurationThreshold(Duration.ofDays(1))
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
    }

    private static URI parseBaseUrl(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("the OPA base URL is required, e.g. http://127.0.0.1:8181");
        }
        String trimmed = baseUrl.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (Exception e) {
            throw new IllegalArgumentException("the OPA base URL is not a valid URL: " + baseUrl, e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(
                    "the OPA base URL must be an http or https URL without query, e.g. http://127.0.0.1:8181: "
                            + baseUrl);
        }
        return uri;
    }

    /** The server this client asks, without a trailing slash. */
    public URI baseUri() {
        return baseUri;
    }

    public OpaSettings settings() {
        return settings;
    }

    /**
     * The circuit breaker's state now: {@code closed} (OPA is asked), {@code open} (decisions are denied without
     * asking) or {@code half-open} (the next decision is a trial request, or one is in flight).
     */
    public String circuitState() {
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> "closed";
            case HALF_OPEN -> "half-open";
            case OPEN -> openUntil().isAfter(clock.instant()) ? "open" : "half-open";
            case FORCED_OPEN -> "open";
        };
    }

    private Instant openUntil() {
        Instant opened = openedAt;
        return opened == Instant.MIN ? opened : opened.plus(settings.openDuration());
    }

    // ------------------------------------------------------------------------------------------------- deciding

    @Override
    public PolicyDecision decide(PolicyInput input) {
        Objects.requireNonNull(input, "input");
        if (closed) {
            return failClosed(input, "policy engine client is closed");
        }
        endOpenStateWhenDue();
        if (!breaker.tryAcquirePermission()) {
            return failClosed(input, circuitOpenReason());
        }
        // the permission just taken in half-open is the trial: one attempt, as the breaker judges it alone
        boolean trial = breaker.getState() == CircuitBreaker.State.HALF_OPEN;
        long started = System.nanoTime();
        boolean settled = false;
        try {
            Result r = ask(input, trial);
            if (r.engineAnswered) {
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, UNAVAILABLE);
            }
            settled = true;
            return r.decision;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failClosed(input, "interrupted while waiting for the policy engine");
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return failClosed(input, "interrupted while waiting for the policy engine");
            }
            LOG.warn("OPA client error: {}", e.getClass().getName());
            return failClosed(input, "policy engine client error (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (!settled) {
                // the decision ended without learning whether OPA is up: the permission (a trial's too) goes back
                breaker.releasePermission();
            }
        }
    }

    /** A decision, and whether OPA answered at all (for the breaker). */
    private record Result(PolicyDecision decision, boolean engineAnswered) {
    }

    /** One request's outcome: OPA's answer, or why OPA was unavailable (retried). */
    private record Attempt(HttpResponse<byte[]> response, String problem) {
        boolean unavailable() {
            return response == null;
        }
    }

    /** Thrown through resilience4j's retry, which only hands on unchecked exceptions. */
    private static final class Interrupted extends RuntimeException {
        Interrupted(InterruptedException cause) {
            super(cause);
        }
    }

    private Result ask(PolicyInput input, boolean trial) throws InterruptedException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("input", input.toJson());
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the input", e);
        }
        HttpRequest request = HttpRequest.newBuilder(decisionUri)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();

        int attempts = trial ? 1 : settings.maxAttempts();
        AtomicInteger made = new AtomicInteger();
        Attempt last;
        try {
            last = trial ? attempt(request, made.incrementAndGet(), attempts)
                    : retry.executeSupplier(() -> attempt(request, made.incrementAndGet(), attempts));
        } catch (Interrupted e) {
            throw (InterruptedException) e.getCause();
        }
        if (last.unavailable()) {
            return new Result(failClosed(input, "policy engine unavailable: " + last.problem() + " after "
                    + made.get() + (made.get() == 1 ? " attempt" : " attempts")), false);
        }
        return new Result(interpret(input, last.response().statusCode(), last.response().body()), true);
    }

    /** One request; I/O errors, timeouts and 5xx answers are "unavailable", any other answer is OPA's. */
    private Attempt attempt(HttpRequest request, int attempt, int attempts) {
        long started = System.nanoTime();
        String problem;
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            long ms = elapsedMillis(started);
            if (status >= 500) {
                LOG.warn("OPA decision attempt {}/{}: HTTP {} in {} ms", attempt, attempts, status, ms);
                return new Attempt(null, "HTTP " + status + errorCode(response.body()));
            }
            LOG.debug("OPA decision attempt {}/{}: HTTP {} in {} ms", attempt, attempts, status, ms);
            return new Attempt(response, null);
        } catch (InterruptedException e) {
            throw new Interrupted(e);
        } catch (HttpConnectTimeoutException e) {
            problem = "connect timed out after " + settings.connectTimeout().toMillis() + " ms";
        } catch (HttpTimeoutException e) {
            problem = "request timed out after " + settings.requestTimeout().toMillis() + " ms";
        } catch (ConnectException e) {
            problem = describeConnectFailure(e);
        } catch (IOException e) {
            problem = "I/O error (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + ")";
        }
        LOG.warn("OPA decision attempt {}/{} failed after {} ms: {}", attempt, attempts, elapsedMillis(started),
                problem);
        return new Attempt(null, problem);
    }

    private PolicyDecision interpret(PolicyInput input, int status, byte[] body) {
        if (status >= 400) {
            return failClosed(input, "policy engine rejected the request: HTTP " + status + errorCode(body)
                    + errorMessage(body));
        }
        if (status < 200 || status >= 300) {
            return failClosed(input, "policy engine gave an unexpected answer: HTTP " + status);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return failClosed(input, "policy engine returned a malformed answer (not JSON)");
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            return failClosed(input, "policy engine returned a malformed answer (not a JSON object)");
        }
        if (!root.has("result")) {
            return failClosed(input, "policy engine returned no decision (undefined)");
        }
        PolicyDecision d;
        try {
            d = PolicyDecision.fromJson(root.get("result"));
            d = checkAgainstInput(d, input);
        } catch (IllegalArgumentException e) {
            return failClosed(input, "policy engine returned a malformed decision (" + oneLine(e.getMessage()) + ")");
        }
        if (d.policyRevision() == null) {
            d = d.withPolicyRevision(knownRevision());
        } else {
            noteRevision(d.policyRevision());
        }
        return d;
    }

    /** Fields must belong to the input; they are put in input order, and a denial withholds every input field. */
    private static PolicyDecision checkAgainstInput(PolicyDecision d, PolicyInput input) {
        Set<String> present = new HashSet<>(input.fields());
        for (String f : d.permittedFields()) {
            if (!present.contains(f)) {
                throw new IllegalArgumentException("permitted field " + f + " is not a field of the input");
            }
        }
        for (String f : d.withheldFields()) {
            if (!present.contains(f)) {
                throw new IllegalArgumentException("withheld field " + f + " is not a field of the input");
            }
        }
        Set<String> permitted = new HashSet<>(d.permittedFields());
        List<String> permittedInOrder = new ArrayList<>();
        List<String> withheldInOrder = new ArrayList<>();
        for (String f : input.fields()) {
            (permitted.contains(f) ? permittedInOrder : withheldInOrder).add(f);
        }
        if (d.allow() && !new HashSet<>(d.withheldFields()).equals(new HashSet<>(withheldInOrder))) {
            throw new IllegalArgumentException("withheldFields must be exactly the input fields not permitted");
        }
        return new PolicyDecision(d.allow(), d.agreementId(), d.agreementVersion(), d.lawfulBasis(),
                permittedInOrder, withheldInOrder, d.retention(), d.obligations(), d.reasons(), d.policyRevision());
    }

    private static PolicyDecision failClosed(PolicyInput input, String why) {
        return PolicyDecision.deny(why + FAIL_CLOSED).withWithheldFields(input.fields())
                .withPolicyRevision(UNKNOWN_REVISION);
    }

    // ---------------------------------------------------------------------------------------------- the breaker

    /**
     * Half-open as soon as the open duration has passed: resilience4j waits until strictly after it, a tick later
     * than {@link OpaSettings#openDuration()} says.
     */
    private void endOpenStateWhenDue() {
        if (breaker.getState() != CircuitBreaker.State.OPEN || openUntil().isAfter(clock.instant())) {
            return;
        }
        synchronized (halfOpenLock) {
            if (breaker.getState() == CircuitBreaker.State.OPEN) {
                breaker.transitionToHalfOpenState();
            }
        }
    }

    private String circuitOpenReason() {
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            return "policy engine circuit open (half-open, a trial request is in flight)";
        }
        return "policy engine circuit open after " + settings.circuitFailureRate() + " % or more of the latest "
                + settings.circuitWindow() + " decisions found it unavailable, until " + openUntil();
    }

    // ------------------------------------------------------------------------------------------------- revision

    /**
     * The policy revision OPA serves at {@value #REVISION_PATH}, read once and cached (read again after a decision
     * stamped with another revision). When it cannot be read (unreachable, undefined, not a string, circuit open):
     * the revision last stamped on a decision, or {@value #UNKNOWN_REVISION}. Never throws.
     */
    @Override
    public String revision() {
        String cached = cachedRevision;
        if (cached != null) {
            return cached;
        }
        if (closed || isOpen()) {
            return fallbackRevision();
        }
        HttpRequest request = HttpRequest.newBuilder(revisionUri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            LOG.debug("OPA revision: HTTP {} in {} ms", response.statusCode(), elapsedMillis(started));
            if (response.statusCode() == 200) {
                JsonNode result = JSON.readTree(response.body()).path("result");
                if (result.isTextual() && !result.textValue().isBlank()) {
                    cachedRevision = result.textValue();
                    return cachedRevision;
                }
                LOG.warn("OPA revision: no revision string at {}", REVISION_PATH);
            } else {
                LOG.warn("OPA revision: HTTP {} in {} ms", response.statusCode(), elapsedMillis(started));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("OPA revision unavailable after {} ms: {}", elapsedMillis(started), e.getClass().getSimpleName());
        }
        return fallbackRevision();
    }

    private boolean isOpen() {
        return "open".equals(circuitState());
    }

    private void noteRevision(String stamped) {
        lastStampedRevision = stamped;
        String cached = cachedRevision;
        if (cached != null && !cached.equals(stamped)) {
            cachedRevision = null; // read again on the next revision()
        }
    }

    private String knownRevision() {
        String cached = cachedRevision;
        return cached != null ? cached : fallbackRevision();
    }

    private String fallbackRevision() {
        String last = lastStampedRevision;
        return last != null ? last : UNKNOWN_REVISION;
    }

    // ---------------------------------------------------------------------------------------------------- misc

    private static String describeConnectFailure(ConnectException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.toLowerCase().contains("refused")) {
            return "connection refused";
        }
        return "cannot connect (" + oneLine(m) + ")";
    }

    /** {@code " <code>"} from an OPA error body ({@code {"code": ..., "message": ...}}), or nothing. */
    private static String errorCode(byte[] body) {
        JsonNode code = errorBody(body).path("code");
        return code.isTextual() ? " " + oneLine(code.textValue()) : "";
    }

    private static String errorMessage(byte[] body) {
        JsonNode message = errorBody(body).path("message");
        return message.isTextual() ? ": " + oneLine(message.textValue()) : "";
    }

    private static JsonNode errorBody(byte[] body) {
        try {
            JsonNode n = body == null || body.length == 0 ? null : JSON.readTree(body);
            return n == null ? JsonNodeFactory.instance.missingNode() : n;
        } catch (IOException e) {
            return JsonNodeFactory.instance.missingNode();
        }
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > MAX_MESSAGE ? flat.substring(0, MAX_MESSAGE) + "…" : flat;
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Stops the client's threads; later decisions are fail-closed denials. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "OpaDecisionPoint[" + baseUri + ", circuit " + circuitState() + "]";
    }
}
