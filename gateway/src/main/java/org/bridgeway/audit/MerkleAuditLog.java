package org.bridgeway.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
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
import javax.sql.DataSource;
import org.bridgeway.audit.tree.CompactRange;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.MerkleTree;
import org.bridgeway.audit.tree.UpperNodeCache;
import org.bridgeway.store.Database;

/**
 * The audit log as a Merkle tree (RFC 9162) in the gateway's database. Every entry is a leaf; each append stores
 * the leaf hash and the perfect subtrees it completes, so roots and proofs read O(log n) nodes. Signed tree heads
 * come from {@link TreeHeadSigner}.
 *
 * <p>The database is the single sequencer: every append locks the one row of {@code audit_tree_state}, so any
 * number of gateways sharing a database append one after another, each index used once. Within one process, a
 * single writer thread commits whatever appends are waiting in one transaction (group commit); a caller returns
 * only once its entries are committed and durable ({@link Database#syncCommitted}), and an append that cannot be
 * committed throws.
 */
public final class MerkleAuditLog implements AuditLog, AutoCloseable {
    private static final int MAX_BATCH = 512;
    /** Far longer than any commit takes; a caller never waits for ever on a writer that has gone. */
    private static final long APPEND_TIMEOUT_SECONDS = 60;
    private static final int MAX_RANGE = 1000;

    private final DataSource dataSource;
    private final Clock clock;
    private final TreeHeadSigner signer;
    private final BlockingQueue<PendingAppend> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    /** The right edge of the tree as this process last committed it; null when it must be read again. */
    private CompactRange range;
    private volatile long size;
    private final UpperNodeCache upperNodes = new UpperNodeCache();

    public MerkleAuditLog(DataSource dataSource, TreeHeadSigner signer, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.signer = Objects.requireNonNull(signer);
        this.clock = Objects.requireNonNull(clock);
        try (Connection c = connect(dataSource)) {
            size = AuditTables.treeSize(c, false);
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the size of the audit log", e);
        }
        writer = new Thread(this::writeLoop, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private record PendingAppend(List<AuditEvent> events, SameTransaction alongside,
                                 CompletableFuture<List<AuditRecord>> done) {
    }

    @Override
    public List<AuditRecord> append(List<AuditEvent> events, SameTransaction alongside) {
        if (events.isEmpty()) {
            return List.of();
        }
        if (closed) {
            throw new AuditUnavailableException("the audit log is closed", null);
        }
        PendingAppend append = new PendingAppend(List.copyOf(events), alongside, new CompletableFuture<>());
        pending.add(append);
        try {
            return append.done().get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
        batch.forEach(p -> events.addAll(p.events()));
        List<AuditRecord> records = writeBatch(events, c -> {
            for (PendingAppend p : batch) {
                p.alongside().write(c);
            }
        });
        int from = 0;
        for (PendingAppend p : batch) {
            p.done().complete(records.subList(from, from + p.events().size()));
            from += p.events().size();
        }
    }

    private List<AuditRecord> writeBatch(List<AuditEvent> events, SameTransaction alongside) {
        String recordedAt = clock.instant().toString();
        try (Connection c = connect(dataSource)) {
            c.setAutoCommit(false);
            CompactRange next;
            List<AuditRecord> records;
            try {
                long committed = AuditTables.treeSize(c, true);
                if (range == null || range.size() != committed) {
                    try (AuditTables.StoredNodes stored = AuditTables.nodes(c)) {
                        range = CompactRange.of(committed, stored); // another gateway appended
                    }
                }
                next = range.copy();
                records = new ArrayList<>(events.size());
                List<CompactRange.CompletedNode> nodes = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry "
                        + "(seq, recorded_at, event_type, exchange_id, entry_json, leaf_hash, leaf_key) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (AuditEvent event : events) {
                        long seq = next.size();
                        String json = CanonicalJson.write(entryBody(seq, recordedAt, event));
                        byte[] leaf = MerkleHash.leaf(json.getBytes(StandardCharsets.UTF_8));
                        nodes.addAll(next.append(leaf));
                        AuditRecord r = new AuditRecord(seq, recordedAt, json, MerkleHash.hex(leaf));
                        records.add(r);
                        ps.setLong(1, seq);
                        ps.setString(2, recordedAt);
                        ps.setString(3, event.type().name());
                        ps.setString(4, event.exchangeId());
                        ps.setString(5, json);
                        ps.setString(6, r.leafHash());
                        ps.setLong(7, AuditTables.leafKey(seq, r.leafHash()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                AuditTables.insertNodes(c, nodes);
                AuditTables.setTreeSize(c, next.size());
                alongside.write(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                range = null;
                c.rollback();
                throw e;
            }
            range = next;
            size = next.size();
            // What a caller is told is recorded must survive a crash: on H2, written and synced now. If that fails
            // the caller hears so and retries; the entries stand (as will their messages, relayed from the outbox).
            try {
                Database.syncCommitted(c);
            } catch (SQLException e) {
                throw new CommittedNotSynced(e);
            }
            return records;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot append to the audit log", e);
        }
    }

    /** The batch was committed but could not be made durable: it must not be written a second time. */
    private static final class CommittedNotSynced extends AuditUnavailableException {
        CommittedNotSynced(SQLException cause) {
            super("the audit log committed the entries but could not sync them to disk", cause);
        }
    }

    private static Map<String, Object> entryBody(long seq, String recordedAt, AuditEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", seq);
        body.put("recordedAt", recordedAt);
        body.put("type", event.type().name());
        body.put("exchangeId", event.exchangeId());
        body.put("actor", event.actor());
        body.put("subject", event.subject());
        body.put("details", event.details());
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
        return new AuditLogVerifier(dataSource, signer.key()).verify();
    }

    @Override
    public List<AuditRecord> entriesFor(String exchangeId) {
        return query("SELECT seq, recorded_at, entry_json, leaf_hash FROM audit_entry WHERE exchange_id = ? ORDER BY seq",
                ps -> ps.setString(1, exchangeId));
    }

    @Override
    public List<AuditRecord> entries(long from, long to) {
        if (from < 0 || to < from || to - from > MAX_RANGE) {
            throw new IllegalArgumentException("a range of entries is [from, to) with 0 <= from <= to and at most "
                    + MAX_RANGE + " entries");
        }
        return query("SELECT seq, recorded_at, entry_json, leaf_hash FROM audit_entry WHERE seq >= ? AND seq < ? ORDER BY seq",
                ps -> {
                    ps.setLong(1, from);
                    ps.setLong(2, to);
                });
    }

    /** Keys asked for in one statement: a few hundred buckets, millions of entries. */
    private static final int KEYS_PER_LOOKUP = 256;

    @Override
    public OptionalLong indexOf(String leafHash) {
        String hex = MerkleHash.hex(MerkleHash.fromHex(leafHash));
        try (Connection c = connect(dataSource)) {
            long[] keys = AuditTables.leafKeys(AuditTables.treeSize(c, false), hex);
            for (int from = 0; from < keys.length; from += KEYS_PER_LOOKUP) {
                int count = Math.min(KEYS_PER_LOOKUP, keys.length - from);
                String sql = "SELECT seq FROM audit_entry WHERE leaf_hash = ? AND leaf_key IN ("
                        + String.join(", ", Collections.nCopies(count, "?")) + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, hex);
                    for (int i = 0; i < count; i++) {
                        ps.setLong(2 + i, keys[from + i]);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return OptionalLong.of(rs.getLong(1));
                        }
                    }
                }
            }
            return OptionalLong.empty();
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the audit log", e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<AuditRecord> query(String sql, Binder binder) {
        List<AuditRecord> out = new ArrayList<>();
        try (Connection c = connect(dataSource); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the audit log", e);
        }
        return out;
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
        return withTree(treeSize, tree -> tree.inclusionProof(index, treeSize));
    }

    @Override
    public List<byte[]> consistencyProof(long first, long second) {
        return withTree(second, tree -> tree.consistencyProof(first, second));
    }

    private <T> T withTree(long treeSize, java.util.function.Function<MerkleTree, T> read) {
        try (Connection c = connect(dataSource); AuditTables.StoredNodes stored = AuditTables.nodes(c)) {
            // what this process committed is a lower bound of the log's size: only a larger size needs asking
            if (treeSize > size && treeSize > AuditTables.treeSize(c, false)) {
                throw new IllegalArgumentException("the log has fewer than " + treeSize + " entries");
            }
            return read.apply(new MerkleTree(upperNodes.over(stored, treeSize)));
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the audit tree", e);
        }
    }

    /**
     * A connection, or a SQLException: a pool that has been shut down (H2's throws IllegalStateException) is a
     * database that cannot be reached, like any other.
     */
    static Connection connect(DataSource dataSource) throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (RuntimeException e) {
            throw new SQLException("the audit database is not available: " + e.getMessage(), "08003", e);
        }
    }
}
