package org.bridgeway.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.bridgeway.model.Organisation;
import org.bridgeway.store.Database;
import org.bridgeway.store.NodeId;
import org.bridgeway.workflow.TimerLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSDA903 returns as batches in the database ({@code ssda903_batch}): opened when a return arrives, counted while its
 * notices go down the pipeline, closed with its summary.
 *
 * <p>Several gateway nodes may share the database, and a sender polls its batch through any of them. Each batch has
 * one owner, the node sending it ({@link NodeId}), and only the owner writes it: every write of its progress says
 * {@code WHERE batch_id = ? AND owner = ?}. The counts are kept in memory while the owner sends the batch and written
 * at most every second as its notices finish; besides, the owner's heartbeat refreshes {@code updated_at} of every
 * batch it is sending every {@link #HEARTBEAT_EVERY}, however slow its notices are. A batch not done whose heartbeat
 * stopped for {@link #INTERRUPTED_AFTER} was interrupted (its node stopped or died, or lost the database), and the
 * same return sent again, to any node, takes it over under its id (the notices it had delivered are recognised by
 * their idempotency keys and not sent twice). The takeover is a conditional update naming the owner and heartbeat
 * it read, so of two nodes taking a batch over at once one does. A node whose write finds the batch no longer its own
 * has lost it: it sends no more of it and writes nothing more to it, and the new owner's counts stand.
 */
public final class Ssda903Batches implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ssda903Batches.class);
    static final String RECEIVED = "received";
    static final String SENDING = "sending";
    static final String DONE = "done";
    static final String FAILED = "failed";
    static final String INTERRUPTED = "interrupted";
    /** How often the owner refreshes the heartbeat of the batches it is sending. */
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(30);
    /**
     * How old a batch's heartbeat must be for the batch to count as interrupted: four heartbeats. The heartbeat is
     * written by the owner's clock and judged by the reader's, so a reader whose clock runs ahead of the owner's sees
     * it older than it is; four allow for a beat missed (a slow database) and a minute of skew between the nodes'
     * clocks besides, far more than hosts kept by NTP drift apart. Judged this way round on purpose: a batch taken
     * over late costs its sender a wait, one taken over early two senders.
     */
    static final Duration INTERRUPTED_AFTER = HEARTBEAT_EVERY.multipliedBy(4);
    private static final long FLUSH_EVERY_NANOS = 1_000_000_000L;
    private static final int LOG_EVERY = 1_000;
    private static final int MAX_FAILURE_LENGTH = 200;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final DataSource dataSource;
    private final Clock clock;
    private final Supplier<String> ids;
    /** This node's name: the owner of the batches it opens or takes over. */
    private final String node;
    /** The batches this node is sending now (it owns them, as far as it knows). */
    private final Map<String, Progress> live = new ConcurrentHashMap<>();
    private ScheduledExecutorService heartbeat;

    /** The batch a return is answered with, and whether the caller is to send it (new, or taken over). */
    public record Opened(String batchId, boolean send) {
    }

    Ssda903Batches(DataSource dataSource, Clock clock, Supplier<String> ids) {
        this(dataSource, clock, ids, NodeId.thisProcess());
    }

    /** @param node this node's name among those sharing the database (tests run two nodes in one process) */
    Ssda903Batches(DataSource dataSource, Clock clock, Supplier<String> ids, String node) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ids = ids;
        this.node = node;
    }

    /** Beats the heartbeat of the batches this node is sending every {@link #HEARTBEAT_EVERY} until closed. */
    public Ssda903Batches startHeartbeat() {
        heartbeat = TimerLeases.every(HEARTBEAT_EVERY, "ssda903-batch-heartbeat", this::beat);
        return this;
    }

    /**
     * Stops the heartbeat: the batches this node was still sending (cut off by the stop) show as interrupted once it
     * is {@link #INTERRUPTED_AFTER} old, and are taken over when their returns are sent again.
     */
    @Override
    public void close() {
        TimerLeases.stop(heartbeat);
    }

    /**
     * The batch of a return (by digest and responsible authority): its earlier batch when it was sent before or is
     * being sent, else a new one. A batch that failed or was interrupted is taken over, under its id, by the first
     * caller to send the return again.
     */
    Opened open(String digest, Organisation responsible, String source) {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                Optional<Opened> earlier = earlier(c, digest, responsible);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                String id = ids.get();
                boolean legacy = processedBeforeBatches(c, digest);
                insert(c, id, digest, responsible, source, legacy);
                if (legacy) {
                    LOG.info("SSDA903 return {} was processed before batches were kept; recorded as batch {}",
                            digest, id);
                    return new Opened(id, false);
                }
                live.put(id, new Progress(id));
                return new Opened(id, true);
            } catch (SQLException e) {
                if (!Database.isConstraintViolation(e) || attempt > 0) {
                    throw new IllegalStateException("cannot open the return's batch", e);
                }
                // the same return arrived twice at once: the other one's batch is now there to be found
            }
        }
    }

    private Optional<Opened> earlier(Connection c, String digest, Organisation responsible) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT batch_id, state, updated_at, owner FROM ssda903_batch "
                + "WHERE input_digest = ? AND responsible_authority = ?")) {
            ps.setString(1, digest);
            ps.setString(2, responsible.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String id = rs.getString(1);
                String state = rs.getString(2);
                Timestamp heartbeat = rs.getTimestamp(3);
                if (DONE.equals(state) || live.containsKey(id) || (!FAILED.equals(state) && !stale(heartbeat))) {
                    return Optional.of(new Opened(id, false));
                }
                return Optional.of(new Opened(id, takeOver(c, id, state, heartbeat, rs.getString(4))));
            }
        }
    }

    /**
     * Takes a failed or interrupted batch over for this node, if it is still as this node read it (state, heartbeat
     * and owner): of two nodes taking it over at once, one updates it and the other finds it changed and leaves it.
     * A batch opened before owners were kept has none ({@code ''} here).
     */
    private boolean takeOver(Connection c, String id, String state, Timestamp heartbeat, String owner)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ssda903_batch SET state = ?, failure = NULL, "
                + "updated_at = ?, owner = ? WHERE batch_id = ? AND state = ? AND updated_at = ? "
                + "AND COALESCE(owner, '') = ?")) {
            ps.setString(1, RECEIVED);
            ps.setTimestamp(2, now());
            ps.setString(3, node);
            ps.setString(4, id);
            ps.setString(5, state);
            ps.setTimestamp(6, heartbeat);
            ps.setString(7, owner == null ? "" : owner);
            if (ps.executeUpdate() == 1) {
                LOG.info("SSDA903 batch {} ({}) sent again: taken over by {} from {}", id,
                        FAILED.equals(state) ? FAILED : INTERRUPTED, node, owner);
                live.put(id, new Progress(id));
                return true;
            }
            return false;
        }
    }

    private static boolean processedBeforeBatches(Connection c, String digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM processed_input WHERE input_digest = ?")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void insert(Connection c, String id, String digest, Organisation responsible, String source,
                        boolean done) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ssda903_batch (batch_id, input_digest, "
                + "responsible_authority, source, state, rows_read, rows_rejected, files_refused, notices_total, "
                + "notices_sent, notices_duplicate, received_at, updated_at, finished_at, owner) "
                + "VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?, ?, ?, ?)")) {
            Timestamp now = now();
            ps.setString(1, id);
            ps.setString(2, digest);
            ps.setString(3, responsible.id());
            ps.setString(4, source);
            ps.setString(5, done ? DONE : RECEIVED);
            ps.setTimestamp(6, now);
            ps.setTimestamp(7, now);
            ps.setTimestamp(8, done ? now : null);
            ps.setString(9, node);
            ps.executeUpdate();
        }
    }

    /**
     * The return is translated: its counts are known and its notices about to be sent. False if this node no longer
     * holds the batch (another node took it over meanwhile): then none of it is to be sent from here.
     */
    boolean translated(ReturnBatch batch) {
        Progress progress = live.get(batch.batchId());
        if (progress == null) {
            return false;
        }
        progress.translated(batch.notices().size(), batch.rowsRead(), batch.rowsRejected(), batch.refusals().size());
        if (!update(batch.batchId(), SENDING, progress, null, null, false)) {
            lost(progress);
            return false;
        }
        LOG.info("SSDA903 batch {} ({}): {} rows read, {} rejected, {} file(s) refused; sending {} notice(s)",
                batch.batchId(), batch.source(), progress.rowsRead, progress.rowsRejected, progress.filesRefused,
                progress.total);
        return true;
    }

    /** Whether this node is still sending the batch: not once another node has taken it over, nor once it is over. */
    boolean sending(String batchId) {
        return batchId != null && live.containsKey(batchId);
    }

    /**
     * Records the batch's progress, as its notices finishing do, and answers whether this node still holds it: asked
     * before the writes that close the batch (its reconciliation, then done), which are its new owner's if it lost it.
     */
    boolean holds(String batchId) {
        Progress progress = live.get(batchId);
        if (progress == null) {
            return false;
        }
        if (update(batchId, SENDING, progress, null, null, false)) {
            return true;
        }
        lost(progress);
        return false;
    }

    /** One notice of the batch went through the pipeline (delivered now, or recognised as delivered before). */
    void noticeDone(String batchId, boolean sentBefore, long startedNanos) {
        Progress progress = live.get(batchId);
        if (progress == null) {
            return;
        }
        int done = progress.done(sentBefore, System.nanoTime() - startedNanos);
        if (done % LOG_EVERY == 0) {
            LOG.info("SSDA903 batch {}: {} rows read, {} of {} notices sent ({} sent before), {} rows rejected",
                    batchId, progress.rowsRead, progress.sent.get(), progress.total, progress.sentBefore.get(),
                    progress.rowsRejected);
        }
        if (progress.flushDue() && progress.flushing.tryLock()) {
            try {
                if (!update(batchId, SENDING, progress, null, null, false)) {
                    lost(progress);
                }
            } catch (RuntimeException e) {
                // the counts are bookkeeping: the notices still go on, the next flush tries again
                LOG.warn("SSDA903 batch {}: progress not recorded: {}", batchId, e.toString());
            } finally {
                progress.flushing.unlock();
            }
        }
    }

    /** A notice of the batch was refused by a rule: counted as done, and named (exchange id, rule) in the summary. */
    void noticeRefused(String batchId, String exchangeId, String rule) {
        Progress progress = live.get(batchId);
        if (progress != null) {
            progress.refused.add(Map.of("exchangeId", exchangeId, "rule", rule));
            progress.finished.incrementAndGet();
        }
    }

    /** Every notice went through: the batch is done, with the summary the sender reads (unless this node lost it). */
    void completed(ReturnBatch batch) {
        Progress progress = live.get(batch.batchId());
        if (progress == null) {
            return;
        }
        progress.finishing = true;
        Map<String, Object> summary = new LinkedHashMap<>(batch.summary());
        summary.put("noticeTimings", progress.timings());
        summary.put("noticesRefused", List.copyOf(progress.refused));
        if (!update(batch.batchId(), DONE, progress, null, write(summary), true)) {
            lost(progress);
            return;
        }
        recordProcessed(batch);
        live.remove(batch.batchId());
        LOG.info("SSDA903 batch {} done: {} rows read, {} notices sent ({} sent before), {} rows rejected, {} file(s) "
                        + "refused", batch.batchId(), progress.rowsRead, progress.sent.get(), progress.sentBefore.get(),
                progress.rowsRejected, progress.filesRefused);
    }

    /** The gateway's record of every input processed, as before batches were kept. */
    private void recordProcessed(ReturnBatch batch) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO processed_input "
                     + "(input_digest, source, processed_at, summary) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, batch.digest());
            ps.setString(2, "ssda903:" + batch.source());
            ps.setTimestamp(3, now());
            ps.setString(4, batch.notices().size() + " notices, " + batch.rowErrors().size() + " row errors, "
                    + batch.refusals().size() + " refused files; batch " + batch.batchId());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!Database.isConstraintViolation(e)) {
                throw new IllegalStateException("cannot record the processed return", e);
            }
        }
    }

    /** The batch stopped short; sending the return again resumes it. The reason is a class of fault, no data. */
    void failed(String batchId, String reason) {
        Progress progress = live.remove(batchId);
        if (progress == null) {
            LOG.info("SSDA903 batch {} stopped short here, but this node no longer holds it: nothing recorded",
                    batchId);
            return;
        }
        progress.finishing = true;
        try {
            boolean recorded = update(batchId, FAILED, progress,
                    reason.length() > MAX_FAILURE_LENGTH ? reason.substring(0, MAX_FAILURE_LENGTH) : reason, null,
                    false);
            if (!recorded) {
                lost(progress);
                return;
            }
        } catch (RuntimeException e) {
            LOG.warn("SSDA903 batch {}: failure not recorded ({}); it shows as interrupted", batchId, e.toString());
        }
        LOG.warn("SSDA903 batch {} failed: {}; send the return again to resume it", batchId, reason);
    }

    /** Where a batch has got to; counts of a batch this gateway is sending are the live ones. */
    public Optional<BatchStatus> status(String batchId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT responsible_authority, source, state, received_at, "
                     + "updated_at, finished_at, rows_read, rows_rejected, files_refused, notices_total, notices_sent, "
                     + "notices_duplicate, failure, summary FROM ssda903_batch WHERE batch_id = ?")) {
            ps.setString(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String state = rs.getString(3);
                Progress progress = live.get(batchId);
                if ((RECEIVED.equals(state) || SENDING.equals(state)) && progress == null && stale(rs.getTimestamp(5))) {
                    state = INTERRUPTED;
                }
                boolean counted = progress != null && progress.total >= 0;
                Timestamp finished = rs.getTimestamp(6);
                String summary = rs.getString(14);
                return Optional.of(new BatchStatus(batchId, rs.getString(1), rs.getString(2), state,
                        rs.getTimestamp(4).toInstant(), finished == null ? null : finished.toInstant(),
                        counted ? progress.rowsRead : rs.getInt(7), counted ? progress.rowsRejected : rs.getInt(8),
                        counted ? progress.filesRefused : rs.getInt(9), counted ? progress.total : rs.getInt(10),
                        counted ? progress.sent.get() : rs.getInt(11),
                        counted ? progress.sentBefore.get() : rs.getInt(12), rs.getString(13),
                        summary == null ? null : read(summary)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the batch", e);
        }
    }

    /**
     * One heartbeat: refreshes {@code updated_at} of every batch this node is sending, so that none is judged
     * interrupted while this node is alive, however slow its notices. A batch another node has taken over meanwhile
     * (this node's heartbeat had stopped for too long) is given up.
     */
    void beat() {
        if (live.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE ssda903_batch SET updated_at = ? "
                     + "WHERE batch_id = ? AND owner = ? AND state IN (?, ?)")) {
            Timestamp now = now();
            for (Progress progress : List.copyOf(live.values())) {
                ps.setTimestamp(1, now);
                ps.setString(2, progress.batchId);
                ps.setString(3, node);
                ps.setString(4, RECEIVED);
                ps.setString(5, SENDING);
                // a batch just done or failed is this node's still, only no longer to beat
                if (ps.executeUpdate() == 0 && !progress.finishing) {
                    lost(progress);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot beat the heartbeat of the batches being sent", e);
        }
    }

    /** Another node has taken the batch over: this one sends no more of it and writes nothing more to it. */
    private void lost(Progress progress) {
        live.remove(progress.batchId, progress);
        if (progress.lost.compareAndSet(false, true)) {
            LOG.info("SSDA903 batch {} was taken over by another node: this node stops sending it and leaves it to"
                    + " that node", progress.batchId);
        }
    }

    /** Writes the batch's progress if this node owns it; false, and nothing written, if another node has taken it. */
    private boolean update(String batchId, String state, Progress p, String failure, String summary,
                           boolean finished) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE ssda903_batch SET state = ?, rows_read = ?, "
                     + "rows_rejected = ?, files_refused = ?, notices_total = ?, notices_sent = ?, "
                     + "notices_duplicate = ?, failure = ?, summary = ?, updated_at = ?, finished_at = ? "
                     + "WHERE batch_id = ? AND owner = ?")) {
            Timestamp now = now();
            ps.setString(1, state);
            ps.setInt(2, p.rowsRead);
            ps.setInt(3, p.rowsRejected);
            ps.setInt(4, p.filesRefused);
            ps.setInt(5, Math.max(0, p.total));
            ps.setInt(6, p.sent.get());
            ps.setInt(7, p.sentBefore.get());
            ps.setString(8, failure);
            ps.setString(9, summary);
            ps.setTimestamp(10, now);
            ps.setTimestamp(11, finished ? now : null);
            ps.setString(12, batchId);
            ps.setString(13, node);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the batch's progress", e);
        }
    }

    /** Whether a heartbeat, written by its owner's clock, is older than {@link #INTERRUPTED_AFTER} by this node's. */
    private boolean stale(Timestamp heartbeat) {
        return heartbeat.toInstant().isBefore(clock.instant().minus(INTERRUPTED_AFTER));
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static String write(Map<String, Object> summary) {
        try {
            return JSON.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the batch's summary", e);
        }
    }

    private static JsonNode read(String summary) {
        try {
            return JSON.readTree(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the batch's summary", e);
        }
    }

    /** The counts of a batch being sent, updated by the dispatching threads without a lock. */
    private static final class Progress {
        final String batchId;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger sentBefore = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicLong lastFlush = new AtomicLong(System.nanoTime());
        final ReentrantLock flushing = new ReentrantLock();
        /** Set once another node is found to have taken the batch over. */
        final AtomicBoolean lost = new AtomicBoolean();
        /** Set when the batch's last write (done or failed) is about to be made: no longer to beat. */
        volatile boolean finishing;
        final long startedNanos = System.nanoTime();
        volatile long firstNoticeNanos;
        volatile int total = -1;
        volatile int rowsRead;
        volatile int rowsRejected;
        volatile int filesRefused;
        /** The notices a rule refused (exchange id and rule): changes and ends of placements never carried. */
        final List<Map<String, String>> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** Each notice's time in the pipeline, in the order they finished. */
        volatile long[] latencies = new long[0];

        Progress(String batchId) {
            this.batchId = batchId;
        }

        void translated(int notices, int rows, int rejected, int refused) {
            latencies = new long[notices];
            rowsRead = rows;
            rowsRejected = rejected;
            filesRefused = refused;
            total = notices;
        }

        int done(boolean before, long nanos) {
            (before ? sentBefore : sent).incrementAndGet();
            int n = finished.incrementAndGet();
            if (n == 1) {
                firstNoticeNanos = System.nanoTime() - startedNanos;
            }
            long[] l = latencies;
            if (n <= l.length) {
                l[n - 1] = nanos;
            }
            return n;
        }

        boolean flushDue() {
            long last = lastFlush.get();
            long now = System.nanoTime();
            return now - last >= FLUSH_EVERY_NANOS && lastFlush.compareAndSet(last, now);
        }

        /** Time to the first notice and per-notice pipeline latency, in milliseconds (for operators and the bench). */
        Map<String, Object> timings() {
            long[] sorted = Arrays.copyOf(latencies, Math.min(finished.get(), latencies.length));
            Arrays.sort(sorted);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("firstNoticeMs", sorted.length == 0 ? null : firstNoticeNanos / 1e6);
            t.put("p50Ms", percentile(sorted, 50));
            t.put("p99Ms", percentile(sorted, 99));
            t.put("elapsedMs", (System.nanoTime() - startedNanos) / 1e6);
            return t;
        }

        private static Double percentile(long[] sorted, int p) {
            if (sorted.length == 0) {
                return null;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }
}
