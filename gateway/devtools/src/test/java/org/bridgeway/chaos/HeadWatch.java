package org.bridgeway.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A party watching the log: polls {@code GET /api/v1/audit/tree-head} while the suite runs and keeps every distinct
 * head it was served (size and root). Each of them is a promise the gateway cannot take back: at the end every one
 * must be a prefix of the final log.
 */
final class HeadWatch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final ApiClients api;
    private final AnswerTally tally;
    private final Set<Head> heads = new LinkedHashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** A served head: tree size and base64 root hash. */
    record Head(long size, String rootHash) {
    }

    HeadWatch(ApiClients api, AnswerTally tally) {
        this.api = api;
        this.tally = tally;
        this.thread = new Thread(this::poll, "chaos-head-watch");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    List<Head> heads() {
        synchronized (heads) {
            return List.copyOf(heads);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(ApiClients.REQUEST_TIMEOUT.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        while (running && !Thread.currentThread().isInterrupted()) {
            AnswerTally.Context context = tally.context();
            try {
                HttpResponse<String> response = api.get(PlacementLoad.SENDER, "/audit/tree-head");
                if (tally.answered("GET tree-head", response, 200) && response.statusCode() == 200) {
                    JsonNode head = JSON.readTree(response.body());
                    synchronized (heads) {
                        heads.add(new Head(head.path("treeSize").asLong(), head.path("rootHash").asText()));
                    }
                }
            } catch (IOException e) {
                if (running) {
                    tally.noAnswer("GET tree-head", e, context);
                }
            } catch (InterruptedException e) {
                return;
            }
            Pause.of(INTERVAL);
        }
    }
}
