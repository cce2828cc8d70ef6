package org.bridgeway.audit.sign;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bridgeway.audit.TreeHead;
import org.bridgeway.audit.note.InvalidSignatureException;
import org.bridgeway.audit.witness.WitnessClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits the latest signed head to each configured witness (c2sp.org/tlog-witness {@code add-checkpoint}, with a
 * consistency proof from the head it cosigned before) whenever the log has grown since its last cosignature, and
 * stores the cosignature beside the head. A witness that cannot be reached or refuses is asked again at the next
 * pass; its failure is logged when it starts and when it ends, not at every pass. Cosignatures are an addition to
 * the log, never a condition of accepting a notice.
 */
public final class WitnessSubmissions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WitnessSubmissions.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final TreeHeadSigner signer;
    private final List<WitnessClient> witnesses;
    private final Map<String, Long> cosignedSize = new ConcurrentHashMap<>();
    /** Witnesses whose last submission failed: their next success is logged as a recovery. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService schedule;

    private WitnessSubmissions(TreeHeadSigner signer, List<WitnessClient> witnesses) {
        this.signer = signer;
        this.witnesses = List.copyOf(witnesses);
        this.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "witness-submissions");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts submitting every {@code interval}; with no witnesses it does nothing. */
    public static WitnessSubmissions start(TreeHeadSigner signer, List<WitnessEndpoint> endpoints, Duration interval) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        WitnessSubmissions submissions = new WitnessSubmissions(signer, endpoints.stream()
                .map(e -> new WitnessClient(e.submissionPrefix(), e.key(), http)).toList());
        if (!endpoints.isEmpty()) {
            submissions.schedule.scheduleWithFixedDelay(submissions::submitQuietly, interval.toMillis(),
                    interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return submissions;
    }

    /** One pass over the witnesses; returns how many cosigned a new head. */
    public int submit() {
        long latest = signer.latest().map(TreeHead::size).orElse(0L);
        int cosigned = 0;
        for (WitnessClient witness : witnesses) {
            String name = witness.witness().name();
            if (latest == 0 || cosignedSize.getOrDefault(name, -1L) >= latest) {
                continue;
            }
            try {
                cosignedSize.put(name, signer.collectCosignature(witness));
                cosigned++;
                if (failing.remove(name)) {
                    LOG.info("witness {} cosigns the log's heads again", name);
                }
            } catch (WitnessClient.RefusedException | InvalidSignatureException | IOException e) {
                if (failing.add(name)) {
                    LOG.warn("witness {} did not cosign the head of size {}: {}; asking again every pass", name,
                            latest, e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return cosigned;
            }
        }
        return cosigned;
    }

    private void submitQuietly() {
        try {
            submit();
        } catch (RuntimeException e) {
            LOG.warn("witness submissions failed this pass: {}", e.toString());
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
