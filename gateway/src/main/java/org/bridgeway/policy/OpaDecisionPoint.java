package org.bridgeway.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * <p><b>Circuit breaker.</b> After {@link OpaSettings#failureThreshold()} consecutive decisions for which OPA was
 * unavailable (every attempt failed with an I/O error, a timeout or a 5xx), the circuit opens for
 * {@link OpaSettings#openDuration()}: decisions are denied at once without a request ("circuit open"). Then the
 * circuit is half-open: the next decision is one trial request (a single attempt) while others are still denied;
 * if OPA answers (any 2xx or 4xx) the circuit closes, otherwise it opens again. Any answer from OPA resets the
 * failure count. The breaker reads time from the {@link Clock} given to the constructor.
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

    private enum State { CLOSED, OPEN, HALF_OPEN }

    private enum Permit { NORMAL, TRIAL, REFUSED }

    private final URI baseUri;
    private final URI decisionUri;
    private final URI revisionUri;
    private final OpaSettings settings;
    private final Clock clock;
    private final ExecutorService executor;
    private final HttpClient http;

    private final Object breakerLock = new Object();
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openUntil;

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

    /**
     * A client of the OPA server at {@code baseUrl} (e.g. {@code http://127.0.0.1:8181}; a path prefix, as behind a
     * reverse proxy, is kept).
     *
     * @param clock the circuit breaker's clock
     * @throws IllegalArgumentException if {@code baseUrl} is not an absolute http or https URL
     */
    public OpaDecisionPoint(String baseUrl, OpaSettings settings, Clock clock) {
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

    /** The circuit breaker's state now: {@code closed}, {@code open} or {@code half-open}. */
    public String circuitState() {
        synchronized (breakerLock) {
            if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
                return "half-open";
            }
            return state == State.HALF_OPEN ? "half-open" : state.name().toLowerCase();
        }
    }

    // ------------------------------------------------------------------------------------------------- deciding

    @Override
    public PolicyDecision decide(PolicyInput input) {
        Objects.requireNonNull(input, "input");
        if (closed) {
            return failClosed(input, "policy engine client is closed");
        }
        Permit permit = acquire();
        if (permit == Permit.REFUSED) {
            return failClosed(input, circuitOpenReason());
        }
        boolean settled = false;
        try {
            Result r = ask(input, permit == Permit.TRIAL ? 1 : settings.maxAttempts());
            settle(permit, r.engineAnswered);
            settled = true;
            return r.decision;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failClosed(input, "interrupted while waiting for the policy engine");
        } catch (RuntimeException e) {
            LOG.warn("OPA client error: {}", e.getClass().getName());
            return failClosed(input, "policy engine client error (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (!settled) {
                abandon(permit);
            }
        }
    }

    /** A decision, and whether OPA answered at all (for the breaker). */
    private record Result(PolicyDecision decision, boolean engineAnswered) {
    }

    private Result ask(PolicyInput input, int attempts) throws InterruptedException {
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

        String problem = "no attempt made";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                Duration wait = settings.backoffBefore(attempt);
                if (!wait.isZero()) {
                    Thread.sleep(wait.toMillis());
                }
            }
            long started = System.nanoTime();
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                long ms = elapsedMillis(started);
                if (status >= 500) {
                    problem = "HTTP " + status + errorCode(response.body());
                    LOG.warn("OPA decision attempt {}/{}: HTTP {} in {} ms", attempt, attempts, status, ms);
                    continue;
                }
                LOG.debug("OPA decision attempt {}/{}: HTTP {} in {} ms", attempt, attempts, status, ms);
                return new Result(interpret(input, status, response.body()), true);
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
        }
        return new Result(failClosed(input, "policy engine unavailable: " + problem + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts")), false);
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

    private Permit acquire() {
        synchronized (breakerLock) {
            switch (state) {
                case CLOSED:
                    return Permit.NORMAL;
                case OPEN:
                    if (clock.instant().isBefore(openUntil)) {
                        return Permit.REFUSED;
                    }
                    state = State.HALF_OPEN;
                    LOG.info("OPA circuit half-open: one trial request");
                    return Permit.TRIAL;
                default:
                    return Permit.REFUSED; // half-open, the trial request is in flight
            }
        }
    }

    private void settle(Permit permit, boolean engineAnswered) {
        synchronized (breakerLock) {
            if (engineAnswered) {
                consecutiveFailures = 0;
                if (state != State.CLOSED && (permit == Permit.TRIAL || state == State.HALF_OPEN)) {
                    LOG.info("OPA circuit closed: the policy engine answers again");
                    state = State.CLOSED;
                    openUntil = null;
                }
                return;
            }
            if (permit == Permit.TRIAL) {
                if (state == State.HALF_OPEN) {
                    open("the trial request failed");
                }
                return;
            }
            consecutiveFailures++;
            if (state == State.CLOSED && consecutiveFailures >= settings.failureThreshold()) {
                open(consecutiveFailures + " consecutive failed decisions");
            }
        }
    }

    /** The decision ended without learning whether OPA is up (interrupted, client error): release a trial. */
    private void abandon(Permit permit) {
        synchronized (breakerLock) {
            if (permit == Permit.TRIAL && state == State.HALF_OPEN) {
                state = State.OPEN; // the next decision is the trial
                openUntil = clock.instant();
            }
        }
    }

    private void open(String why) {
        state = State.OPEN;
        openUntil = clock.instant().plus(settings.openDuration());
        LOG.warn("OPA circuit open for {} ms: {}", settings.openDuration().toMillis(), why);
    }

    private String circuitOpenReason() {
        synchronized (breakerLock) {
            if (state == State.HALF_OPEN) {
                return "policy engine circuit open (half-open, a trial request is in flight)";
            }
            return "policy engine circuit open after " + settings.failureThreshold()
                    + " consecutive failures, until " + openUntil;
        }
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
        synchronized (breakerLock) {
            return state == State.OPEN && clock.instant().isBefore(openUntil);
        }
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
