package org.bridgeway.chaos;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every answer the client got, judged against issue 11's rule for faults: a request is answered 202 or a
 * problem+json 503 with Retry-After (a 409 "in flight", which the gateway once gave, is a failure now); a closed port (nothing listening) is
 * no answer and no failure, and neither is a request cut by a {@code kill -9}. Anything else is a failure answer:
 * 500, 404, an empty body, a 503 without problem+json or Retry-After, a connection reset or left hanging while the
 * gateway was listening. Failures are counted by kind and phase, e.g. "POST 500 empty text/plain [during disk full]".
 */
final class AnswerTally {
    private final Timeline timeline;
    private final Map<String, Long> failures = new TreeMap<>();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong closedPort = new AtomicLong();

    AnswerTally(Timeline timeline) {
        this.timeline = timeline;
    }

    /** What a request's start looked like, to judge its end. */
    record Context(int generation, int kills) {
    }

    Context context() {
        return new Context(timeline.generation(), timeline.kills());
    }

    /** Judges an HTTP answer; true if it is an answer a client may act on (202, a proper 503). */
    boolean answered(String endpoint, HttpResponse<String> response, int... expected) {
        answers.incrementAndGet();
        int status = response.statusCode();
        for (int ok : expected) {
            if (status == ok) {
                return true;
            }
        }
        boolean retryAfter = response.headers().firstValue("Retry-After").isPresent();
        String type = response.headers().firstValue("Content-Type").orElse("");
        boolean problem = type.startsWith("application/problem+json");
        boolean empty = response.body() == null || response.body().isEmpty();
        if (status == 503 && retryAfter && problem && !empty) {
            unavailable.incrementAndGet();
            return true;
        }
        StringBuilder kind = new StringBuilder(endpoint).append(' ').append(status);
        if (empty) {
            kind.append(" empty");
        }
        if (!problem) {
            kind.append(' ').append(type.isEmpty() ? "no content type" : type.replaceAll(";.*", ""));
        }
        if (status == 503 && !retryAfter) {
            kind.append(" no Retry-After");
        }
        fail(kind.toString());
        return false;
    }

    /** Judges a request that got no answer at all. */
    void noAnswer(String endpoint, Exception error, Context start) {
        boolean processChanged = timeline.generation() != start.generation() || timeline.kills() != start.kills();
        if (error instanceof ConnectException || processChanged || timeline.killed() || !timeline.gatewayAlive()) {
            closedPort.incrementAndGet(); // nothing listening, or the fault itself cut it: no answer was owed
            return;
        }
        fail(endpoint + (error instanceof HttpTimeoutException ? " no answer within the timeout"
                : " connection reset or closed without an answer"));
    }

    private synchronized void fail(String kind) {
        failures.merge(kind + " [" + timeline.phase() + "]", 1L, Long::sum);
    }

    synchronized long failureCount() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized Map<String, Long> failures() {
        return new TreeMap<>(failures);
    }

    long unavailable() {
        return unavailable.get();
    }

    long closedPort() {
        return closedPort.get();
    }
}
