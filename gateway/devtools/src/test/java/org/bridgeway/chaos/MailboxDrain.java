package org.bridgeway.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every recipient empties its mailbox as a partner system would, through the pull API ({@code
 * routes/mailbox-api.camel.yaml}): list what waits, fetch each message, acknowledge it; one thread per mailbox. A
 * mailbox counts as empty once two lists a few seconds apart find nothing, so that a message relayed late (an
 * outbox catching up after a restart) is still drained.
 */
final class MailboxDrain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUIET = Duration.ofSeconds(3);

    private final ApiClients api;

    /**
     * A drained message: its mailbox, the metadata the list gave for it, and whether its acknowledgement is known to
     * have been applied (false: its content was fetched, and every answer to its acknowledgement was cut off).
     */
    record Drained(String recipient, String messageId, String exchangeId, String idempotencyKey, boolean confirmed) {
    }

    MailboxDrain(ApiClients api) {
        this.api = api;
    }

    List<Drained> drain(Collection<String> recipients, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, recipients.size()));
        try {
            List<Future<List<Drained>>> futures = new ArrayList<>();
            for (String recipient : recipients) {
                futures.add(pool.submit(() -> drainOne(recipient, deadline)));
            }
            List<Drained> all = new ArrayList<>();
            for (Future<List<Drained>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } catch (Exception e) {
            throw new IllegalStateException("draining the mailboxes failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Drained> drainOne(String recipient, long deadline) throws InterruptedException {
        String base = "/mailboxes/" + URLEncoder.encode(recipient, StandardCharsets.UTF_8) + "/messages";
        List<Drained> drained = new ArrayList<>();
        long quietSince = -1;
        while (System.nanoTime() < deadline) {
            JsonNode messages = list(recipient, base);
            if (messages == null) {
                Pause.of(Duration.ofMillis(500));
                continue;
            }
            if (messages.isEmpty()) {
                if (quietSince < 0) {
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > QUIET.toNanos()) {
                    return drained;
                }
                Pause.of(Duration.ofMillis(500));
                continue;
            }
            quietSince = -1;
            drained.addAll(take(recipient, base, messages));
        }
        throw new IllegalStateException("the mailbox of " + recipient + " was not empty within the time allowed");
    }

    /**
     * What waits in {@code recipient}'s mailbox now, fetched and acknowledged, as a recipient polling on a schedule
     * takes it; empty when the list cannot be had (the node is down, the broker failing over).
     */
    List<Drained> takeWaiting(String recipient) throws InterruptedException {
        String base = "/mailboxes/" + URLEncoder.encode(recipient, StandardCharsets.UTF_8) + "/messages";
        JsonNode messages = list(recipient, base);
        return messages == null ? List.of() : take(recipient, base, messages);
    }

    private List<Drained> take(String recipient, String base, JsonNode messages) throws InterruptedException {
        List<Drained> taken = new ArrayList<>();
        for (JsonNode m : messages) {
            String id = m.path("messageId").asText();
            Taken outcome = fetchAndAcknowledge(recipient, base + "/" + id);
            if (outcome != Taken.BY_SOMEONE_ELSE) {
                taken.add(new Drained(recipient, id, m.path("exchangeId").asText(),
                        m.path("idempotencyKey").asText(), outcome == Taken.ACKNOWLEDGED));
            }
        }
        return taken;
    }

    private JsonNode list(String recipient, String path) throws InterruptedException {
        try {
            HttpResponse<String> r = api.get(recipient, path);
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path("messages") : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** What became of one message this drain tried to take. */
    private enum Taken {
        /** Fetched, and its acknowledgement applied (204, or gone after an acknowledgement whose answer was lost). */
        ACKNOWLEDGED,
        /** Fetched, but no answer to its acknowledgement came back: it was applied if the message never returns. */
        FETCHED_UNCONFIRMED,
        /** Gone before this drain fetched it. */
        BY_SOMEONE_ELSE
    }

    /**
     * Fetches and acknowledges one message, as a recipient does: once it has the content, the message is its own, and
     * a lost answer to the acknowledgement only means asking again.
     *
     * @throws IllegalStateException when it cannot even be fetched in the attempts allowed
     */
    private Taken fetchAndAcknowledge(String recipient, String path) throws InterruptedException {
        boolean fetchedOnce = false;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                HttpResponse<String> fetched = api.get(recipient, path);
                if (fetched.statusCode() == 404) {
                    return fetchedOnce ? Taken.ACKNOWLEDGED : Taken.BY_SOMEONE_ELSE;
                }
                if (fetched.statusCode() == 200) {
                    fetchedOnce = true;
                    HttpResponse<String> ack = api.post(recipient, path + "/ack", null, new byte[0]);
                    if (ack.statusCode() == 204 || ack.statusCode() == 404) {
                        return Taken.ACKNOWLEDGED; // 404: acknowledged by an earlier attempt whose answer was lost
                    }
                }
            } catch (IOException e) {
                // the next attempt
            }
            Pause.of(Duration.ofMillis(250));
        }
        if (fetchedOnce) {
            return Taken.FETCHED_UNCONFIRMED;
        }
        throw new IllegalStateException("cannot fetch " + path + " as " + recipient);
    }
}
