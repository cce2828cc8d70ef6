package org.bridgeway.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bridgeway.testing.SyntheticPlacements;

/**
 * A placing authority's case-management system under load: several threads each put synthetic placement notices
 * (a unique sourceReference each) through {@code POST /api/v1/placements}, and retry a notice with the same
 * sourceReference after any answer but 202 or a connection cut, as a real client must (obeying Retry-After, capped
 * so that the suite keeps probing). Records each notice's first 202 and its exchange id. Afterwards
 * {@link #resend} sends every accepted notice once more, as a client does that is not sure its 202 arrived: the
 * answer must name the first exchange id.
 */
final class PlacementLoad implements AutoCloseable {
    static final String SENDER = "local-authority:886";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(2);
    private static final Duration CUT_BACKOFF = Duration.ofMillis(200);

    private final ApiClients api;
    private final Timeline timeline;
    private final AnswerTally tally;
    private final String scenario;
    private final int threads;
    private final long nanosPerNotice;
    private final List<Notice> notices = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong nextSlot = new AtomicLong();
    private volatile boolean sendingNew = true;
    private volatile boolean giveUp;
    private ExecutorService pool;

    /** One notice and what became of it. */
    static final class Notice {
        final String sourceReference;
        final byte[] body;
        volatile String exchangeId;
        volatile String resentExchangeId;
        /** Attempts before the first 202 (the re-send is not counted). */
        volatile int attempts;

        Notice(String sourceReference, byte[] body) {
            this.sourceReference = sourceReference;
            this.body = body;
        }

        boolean accepted() {
            return exchangeId != null;
        }
    }

    PlacementLoad(ApiClients api, Timeline timeline, AnswerTally tally, String scenario, int threads,
                  double noticesPerSecond) {
        this.api = api;
        this.timeline = timeline;
        this.tally = tally;
        this.scenario = scenario;
        this.threads = threads;
        this.nanosPerNotice = (long) (1e9 / noticesPerSecond);
    }

    void start() {
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "chaos-client");
            t.setDaemon(true);
            return t;
        });
        nextSlot.set(System.nanoTime());
        for (int i = 0; i < threads; i++) {
            pool.execute(this::sendNotices);
        }
    }

    /** No new notices from now on; those in flight go on until they are answered 202. */
    void stopNew() {
        sendingNew = false;
    }

    /** Waits for every started notice to be answered 202; then stops retrying those that were not. */
    boolean awaitSettled(Duration patience) {
        pool.shutdown();
        boolean settled = awaitPool(patience);
        giveUp = true;
        awaitPool(Duration.ofSeconds(35)); // a request in flight ends within the request timeout
        return settled;
    }

    /**
     * Sends every accepted notice once more (retrying until a 202) and keeps the exchange id that answer names.
     * Returns how many were re-sent.
     */
    int resend(Duration patience) {
        List<Notice> accepted = notices().stream().filter(Notice::accepted).toList();
        giveUp = false;
        ExecutorService resenders = Executors.newFixedThreadPool(threads);
        AtomicInteger index = new AtomicInteger();
        long deadline = System.nanoTime() + patience.toNanos();
        for (int i = 0; i < threads; i++) {
            resenders.execute(() -> {
                for (int n; (n = index.getAndIncrement()) < accepted.size() && System.nanoTime() < deadline; ) {
                    Notice notice = accepted.get(n);
                    notice.resentExchangeId = sendUntilAccepted(notice, deadline, false);
                }
            });
        }
        resenders.shutdown();
        try {
            resenders.awaitTermination(patience.toMillis() + 35_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return accepted.size();
    }

    List<Notice> notices() {
        synchronized (notices) {
            return List.copyOf(notices);
        }
    }

    long accepted() {
        return notices().stream().filter(Notice::accepted).count();
    }

    @Override
    public void close() {
        giveUp = true;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private void sendNotices() {
        while (sendingNew && !Thread.currentThread().isInterrupted()) {
            waitForSlot();
            if (!sendingNew) {
                return;
            }
            Notice notice = newNotice();
            notice.exchangeId = sendUntilAccepted(notice, Long.MAX_VALUE, true);
        }
    }

    /** Spaces notices evenly at the configured rate, across all threads; no burst to catch up after a fault. */
    private void waitForSlot() {
        long now = System.nanoTime();
        long slot = nextSlot.accumulateAndGet(now, (previous, at) -> Math.max(previous + nanosPerNotice, at));
        long wait = slot - now;
        if (wait > 0) {
            Pause.of(Duration.ofNanos(wait));
        }
    }

    private Notice newNotice() {
        int n = next.getAndIncrement();
        SyntheticPlacements.Spec spec = SyntheticPlacements.EVERY_FIELD.get(n % SyntheticPlacements.EVERY_FIELD.size());
        try {
            ObjectNode doc = (ObjectNode) JSON.readTree(SyntheticPlacements.json(spec));
            String reference = "chaos/" + scenario + "/" + n;
            doc.put("sourceReference", reference);
            Notice notice = new Notice(reference, JSON.writeValueAsBytes(doc));
            synchronized (notices) {
                notices.add(notice);
            }
            return notice;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The exchange id of the first 202, or null if the suite gave up first. */
    private String sendUntilAccepted(Notice notice, long deadline, boolean countAttempts) {
        while (!giveUp && System.nanoTime() < deadline) {
            if (countAttempts) {
                notice.attempts++;
            }
            AnswerTally.Context context = tally.context();
            try {
                HttpResponse<String> response = api.post(SENDER, "/placements", "application/json", notice.body);
                if (response.statusCode() == 202) {
                    timeline.accepted(System.nanoTime());
                    tally.answered("POST", response, 202);
                    return exchangeId(response);
                }
                tally.answered("POST", response);
                Pause.of(retryAfter(response));
            } catch (IOException e) {
                tally.noAnswer("POST", e, context);
                Pause.of(CUT_BACKOFF);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static String exchangeId(HttpResponse<String> response) throws IOException {
        JsonNode body = JSON.readTree(response.body());
        return body.path("exchangeId").asText(null);
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        String value = response.headers().firstValue("Retry-After").orElse("");
        try {
            Duration asked = Duration.ofSeconds(Long.parseLong(value.strip()));
            return asked.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : asked;
        } catch (NumberFormatException e) {
            return CUT_BACKOFF;
        }
    }

    private boolean awaitPool(Duration patience) {
        try {
            return pool.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
