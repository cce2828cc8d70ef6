package org.bridgeway.audit.log;

import com.fasterxml.jackson.databind.util.RawValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.bridgeway.observability.Meters;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bridgeway.audit.AppendRefusedException;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.CanonicalJson;
import org.bridgeway.audit.SameTransaction;
import org.bridgeway.audit.TreeHead;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.store.AuditStore;
import org.bridgeway.audit.tree.CompactRange;
import org.bridgeway.audit.tree.KeptLevels;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.MerkleTree;
import org.bridgeway.logging.CorrelationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.bridgeway.audit.tree.UpperNodeCache;
import org.bridgeway.audit.verify.AuditLogVerifier;

/**
 * The audit log as a Merkle tree (RFC 9162) in an {@link AuditStore}. Every entry is a leaf; each append stores
 * the leaf hash and the perfect subtrees it completes, so roots and proofs read O(log n) nodes. Signed tree heads
 * come from {@link TreeHeadSigner}.
 *
 * <p>The store is the single sequencer: every append holds it ({@link AuditStore#lockSequencer}), so any number of
 * gateways sharing a database append one after another, each index used once. Within one process, a single writer
 * thread commits whatever appends are waiting in one transaction (group commit); a caller returns only once its
 * entries are committed and durable ({@link AuditStore.Sequenced#syncCommitted}), and an append that cannot be
 * committed throws.
 */
public final class MerkleAuditLog implements AuditLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MerkleAuditLog.class);
    private static final int MAX_BATCH = 512;
    /** Far longer than any commit takes; a caller never waits for ever on a writer that has gone. */
    private static final long APPEND_TIMEOUT_SECONDS = 60;
    private static final int MAX_RANGE = 1000;

    private final AuditStore store;
    private final Clock clock;
    private final TreeHeadSigner signer;
    private final BlockingQueue<PendingAppend> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    /** The right edge of the tree as this process last committed it; null when it must be read again. */
    private CompactRange range;
    private volatile long size;
    private final UpperNodeCache upperNodes = new UpperNodeCache();

    private final Timer appendLatency;

    public MerkleAuditLog(AuditStore store, TreeHeadSigner signer, Clock clock) {
        this(store, signer, clock, Meters.none());
    }

    /** Times each append as its caller waits for it, group commit and sync included ({@code bridgeway.audit.append.latency}). */
    public MerkleAuditLog(AuditStore store, TreeHeadSigner signer, Clock clock, MeterRegistry meters) {
        this.appendLatency = Meters.latency(meters, "bridgeway.audit.append.latency",
                "Time an append to the audit log takes as its caller waits, group commit and sync included",
                Tags.empty());
        this.store = Objects.requireNonNull(store);
        this.signer = Objects.requireNonNull(signer);
        this.clock = Objects.requireNonNull(clock);
        size = store.treeSize();
        writer = new Thread(this::writeLoop, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * An append waiting for the writer, with the correlation id of the exchange that asked (null for none); each
     * event's details already in canonical JSON, written on the caller's thread rather than on the one writer's, which
     * every append waits for.
     */
    private record PendingAppend(List<AuditEvent> events, List<RawValue> details, SameTransaction alongside,
                                 String correlationId, CompletableFuture<List<AuditRecord>> done) {
    }

    @Override
    public List<AuditRecord> append(List<AuditEvent> events, SameTransaction alongside) {
        if (events.isEmpty()) {
            return List.of();
        }
        if (closed) {
            throw new AuditUnavailableException("the audit log is closed", null);
        }
        PendingAppend append = new PendingAppend(List.copyOf(events),
                events.stream().map(e -> CanonicalJson.prewrite(e.details())).toList(), alongside,
                CorrelationId.current().orElse(null), new CompletableFuture<>());
        long started = System.nanoTime();
        pending.add(append);
        try {
            List<AuditRecord> appended = append.done().get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            appendLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return appended;
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("the audit log did not answer within " + APPEND_TIMEOUT_SECONDS
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while waiting for the audit log", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AppendRefusedException refused) {
                throw refused;
            }
            throw e.getCause() instanceof AuditUnavailableException a ? a
                    : new AuditUnavailableException("cannot append to the audit log", e.getCause());
        }
    }

    private void writeLoop() {
        List<PendingAppend> batch = new ArrayList<>();
        while (!closed || !pending.isEmpty()) {
            try {
                PendingAppend first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                try {
                    write(batch);
                } catch (CommittedNotSynced e) {
                    // stored, so never written again; the callers retry and find their notices already accepted
                    batch.forEach(p -> p.done().completeExceptionally(e));
                } catch (RuntimeException | Error e) {
                    if (batch.size() == 1) {
                        first.done().completeExceptionally(e);
                    } else {
                        // one append's rows may be what failed: write each on its own, so only that one fails
                        // (a group commit serves many exchanges: the line names them all, not one)
                        LOG.atWarn().addKeyValue("correlationIds", correlationIds(batch))
                                .log("a group commit of {} appends failed ({}); writing each on its own",
                                        batch.size(), e.getClass().getSimpleName());
                        for (PendingAppend p : batch) {
                            try {
                                write(List.of(p));
                            } catch (RuntimeException | Error alone) {
                                p.done().completeExceptionally(alone);
                            }
                        }
                    }
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // an append that raced with close() must not wait for a writer that is gone
        for (PendingAppend left; (left = pending.poll()) != null; ) {
            left.done().completeExceptionally(new AuditUnavailableException("the audit log is closed", null));
        }
    }

    private void write(List<PendingAppend> batch) {
        List<AuditEvent> events = new ArrayList<>();
        List<RawValue> details = new ArrayList<>();
        batch.forEach(p -> {
            events.addAll(p.events());
            details.addAll(p.details());
        });
        List<AuditRecord> records = writeBatch(events, details, c -> {
            for (PendingAppend p : batch) {
                // the rows of an exchange's own steps, written here for it: its id on what they log
                try (var logged = p.correlationId() == null ? null : CorrelationId.open(p.correlationId())) {
                    p.alongside().write(c);
                }
            }
        });
        int from = 0;
        for (PendingAppend p : batch) {
            p.done().complete(records.subList(from, from + p.events().size()));
            from += p.events().size();
        }
    }

    private List<AuditRecord> writeBatch(List<AuditEvent> events, List<RawValue> details, SameTransaction alongside) {
        String recordedAt = clock.instant().toString();
        try (AuditStore.Sequenced transaction = store.lockSequencer()) {
            CompactRange next;
            List<AuditRecord> records;
            try {
                long committed = transaction.treeSize();
                if (range == null || range.size() != committed) {
                    range = CompactRange.of(committed, transaction.nodes()); // another gateway appended
                }
                next = range.copy();
                records = new ArrayList<>(events.size());
                List<CompactRange.CompletedNode> nodes = new ArrayList<>();
                for (int i = 0; i < events.size(); i++) {
                    AuditEvent event = events.get(i);
                    long seq = next.size();
                    String json = CanonicalJson.write(entryBody(seq, recordedAt, event, details.get(i)));
                    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                    byte[] leaf = MerkleHash.leaf(bytes);
                    nodes.addAll(next.append(leaf));
                    records.add(new AuditRecord(seq, recordedAt, json, MerkleHash.hex(leaf)));
                    transaction.addEntry(seq, event.exchangeId(), bytes, leaf);
                }
                transaction.grow(nodes, next.size());
                transaction.commit(alongside);
            } catch (RuntimeException e) {
                range = null; // rolled back as the transaction closes
                throw e;
            }
            range = next;
            size = next.size();
            // What a caller is told is recorded must survive a crash: on H2, written and synced now. If that fails
            // the caller hears so and retries; the entries stand (as will their messages, relayed from the outbox).
            try {
                transaction.syncCommitted();
            } catch (AuditUnavailableException e) {
                throw new CommittedNotSynced(e.getCause());
            }
            return records;
        }
    }

    private static List<String> correlationIds(List<PendingAppend> batch) {
        return batch.stream().map(PendingAppend::correlationId).filter(Objects::nonNull).distinct().toList();
    }

    /** The batch was committed but could not be made durable: it must not be written a second time. */
    private static final class CommittedNotSynced extends AuditUnavailableException {
        CommittedNotSynced(Throwable cause) {
            super("the audit log committed the entries but could not sync them to disk", cause);
        }
    }

    private static Map<String, Object> entryBody(long seq, String recordedAt, AuditEvent event, RawValue details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", seq);
        body.put("recordedAt", recordedAt);
        body.put("type", event.type().name());
        body.put("exchangeId", event.exchangeId());
        body.put("actor", event.actor());
        body.put("subject", event.subject());
        body.put("details", details);
        return body;
    }

    /** Stops accepting appends once those already waiting are written, then signs a last head. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signer.close();
    }

    @Override
    public AuditVerification verify() {
        return new AuditLogVerifier(store, signer.key()).verify();
    }

    @Override
    public List<AuditRecord> entriesFor(String exchangeId) {
        return store.entriesFor(exchangeId);
    }

    @Override
    public List<AuditRecord> entries(long from, long to) {
        if (from < 0 || to < from || to - from > MAX_RANGE) {
            throw new IllegalArgumentException("a range of entries is [from, to) with 0 <= from <= to and at most "
                    + MAX_RANGE + " entries");
        }
        return store.entries(from, to);
    }

    @Override
    public OptionalLong indexOf(String leafHash) {
        return store.indexOf(MerkleHash.hex(MerkleHash.fromHex(leafHash)));
    }

    @Override
    public long committedSize() {
        return Math.max(size, store.treeSize());
    }

    /** The committed size as this process last saw it; another gateway on the same database may be ahead. */
    @Override
    public long size() {
        return size;
    }

    /** The newest signed head; the first call on an empty log signs the head of the empty tree. */
    @Override
    public TreeHead latestHead() {
        return signer.latest().orElseGet(signer::signNow);
    }

    @Override
    public TreeHead headIncluding(long index) {
        TreeHead head = latestHead();
        if (head.size() > index) {
            return head;
        }
        head = signer.signNow();
        if (head.size() <= index) {
            throw new IllegalArgumentException("the log has no entry " + index);
        }
        return head;
    }

    /** Signs a head for everything committed so far (the interval does this too); returns the newest head. */
    public TreeHead signHeadNow() {
        return signer.signNow();
    }

    public TreeHeadSigner signer() {
        return signer;
    }

    @Override
    public Optional<TreeHead> head(long treeSize) {
        return signer.head(treeSize);
    }

    @Override
    public List<byte[]> inclusionProof(long index, long treeSize) {
        return withTree(treeSize, stored -> {
            // the runs of kept nodes along the leaf's path in one read, rather than one read per four levels
            if (index >= 0 && index < treeSize) {
                stored.prefetch(KeptLevels.pathRuns(index, treeSize));
            }
        }, tree -> tree.inclusionProof(index, treeSize));
    }

    @Override
    public List<byte[]> consistencyProof(long first, long second) {
        return withTree(second, stored -> { }, tree -> tree.consistencyProof(first, second));
    }

    private <T> T withTree(long treeSize, Consumer<AuditStore.TreeReading> prepare,
                           Function<MerkleTree, T> read) {
        try (AuditStore.TreeReading stored = store.readTree()) {
            // what this process committed is a lower bound of the log's size: only a larger size needs asking
            if (treeSize > size && treeSize > stored.treeSize()) {
                throw new IllegalArgumentException("the log has fewer than " + treeSize + " entries");
            }
            prepare.accept(stored);
            return read.apply(new MerkleTree(upperNodes.over(stored, treeSize)));
        }
    }
}
