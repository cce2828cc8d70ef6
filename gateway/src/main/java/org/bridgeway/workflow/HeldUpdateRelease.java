package org.bridgeway.workflow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bridgeway.audit.AppendRefusedException;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.fault.Fault;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.pipeline.NoticeAdmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases held missing-episode updates whose episode now exists, through the rest of the notice pipeline, in order
 * ({@link HeldUpdates#RELEASE_ORDER}) and exactly once. Driven by a background pass every second over the table
 * ({@link #start()}), so a release survives a restart and runs on whichever node gets there: a notice released twice is
 * accepted once (its admission record goes from held to accepted once), and an update that is not the next of its
 * episode waits for the next tick.
 *
 * <p>A released update can still be refused (its episode was closed meanwhile, say): it is then audited as rejected
 * with the rule, and listed to its sender with that outcome. A held update whose report never arrives stays held,
 * listed to its sender ({@code GET /api/v1/missing-episodes/held}) with the reason, until the report comes.
 */
public final class HeldUpdateRelease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeldUpdateRelease.class);
    /** A release that lost its turn (an earlier update of the episode first, or another node's release). */
    public static final String OUT_OF_ORDER = "episode.release.out-of-order";
    /** Refusals that mean "not now": the update stays held and is tried at the next tick. */
    private static final Set<String> TRY_AGAIN = Set.of(OUT_OF_ORDER, "episode.update.concurrent");

    private final HeldUpdates held;
    private final MissingEpisodes episodes;
    private final HeldDocuments documents;
    private final AuditLog auditLog;
    private final Clock clock;
    private final Consumer<NoticeAdmission.Released> pipeline;
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "missing-episode-release");
        t.setDaemon(true);
        return t;
    });
    private static final long PASS_MILLIS = 1000;

    /** @param pipeline sends a released notice down the notice pipeline and waits for it */
    public HeldUpdateRelease(HeldUpdates held, MissingEpisodes episodes, HeldDocuments documents, AuditLog auditLog,
                             Clock clock, Consumer<NoticeAdmission.Released> pipeline) {
        this.held = held;
        this.episodes = episodes;
        this.documents = documents;
        this.auditLog = auditLog;
        this.clock = clock;
        this.pipeline = pipeline;
    }

    /** Releases, every second from now on, what is ready; once the pipeline can take notices. */
    public HeldUpdateRelease start() {
        passes.scheduleWithFixedDelay(() -> {
            try {
                releaseReady();
            } catch (RuntimeException e) {
                LOG.warn("held missing-episode updates not released in this pass: {}", e.getMessage());
            }
        }, PASS_MILLIS, PASS_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        passes.shutdownNow();
    }

    /** Releases every held update whose episode exists, in order per episode; returns how many went through. */
    public synchronized int releaseReady() {
        Map<String, List<HeldUpdates.HeldUpdate>> byEpisode = new LinkedHashMap<>();
        for (HeldUpdates.HeldUpdate h : held.allWaiting()) {
            episodes.find(EpisodeReference.parse(h.episodeReference())).ifPresent(e ->
                    byEpisode.computeIfAbsent(e.episodeId(), k -> new ArrayList<>()).add(h));
        }
        int released = 0;
        for (Map.Entry<String, List<HeldUpdates.HeldUpdate>> episode : byEpisode.entrySet()) {
            List<HeldUpdates.HeldUpdate> updates = new ArrayList<>(episode.getValue());
            updates.sort(HeldUpdates.RELEASE_ORDER);
            for (HeldUpdates.HeldUpdate h : updates) {
                if (!release(episode.getKey(), h)) {
                    break; // the next ones wait behind it
                }
                released++;
            }
        }
        return released;
    }

    /** Whether the update is done with (applied, or refused for good); false when it must wait. */
    private boolean release(String episodeId, HeldUpdates.HeldUpdate h) {
        try {
            pipeline.accept(new NoticeAdmission.Released(documents.read(h.document().orElseThrow(), h.exchangeId(),
                    h.idempotencyKey())));
            LOG.info("exchange {}: held {} released to missing episode {}", h.exchangeId(), h.update(), episodeId);
            return true;
        } catch (RuntimeException e) {
            if (Fault.of(e) instanceof Fault.Refused refused && !TRY_AGAIN.contains(refused.refusal().rule())) {
                refuse(episodeId, h, refused.refusal());
                return true;
            }
            LOG.warn("exchange {}: held {} not released now, tried again later: {}", h.exchangeId(), h.update(),
                    e.getMessage());
            return false;
        }
    }

    private void refuse(String episodeId, HeldUpdates.HeldUpdate h, RuleRefused refusal) {
        Instant now = clock.instant();
        try {
            auditLog.append(List.of(new AuditEvent(AuditEventType.REJECTED, h.exchangeId(), "gateway", null,
                            Map.of("rule", refusal.rule(), "episodeId", episodeId, "held", true))),
                    c -> {
                        // another gateway node released or refused it first: its entry is the one that happened
                        if (!held.released(c, h.idempotencyKey(), Optional.of(episodeId), refusal.rule(), now)) {
                            throw new AppendRefusedException("held update " + h.idempotencyKey()
                                    + " already released");
                        }
                    });
        } catch (AppendRefusedException alreadyReleased) {
            return;
        }
        LOG.info("exchange {}: held {} refused on release to missing episode {} ({})", h.exchangeId(), h.update(),
                episodeId, refusal.rule());
    }
}
