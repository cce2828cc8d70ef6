package org.bridgeway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * The audit log as a signed hash chain: each entry's hash is SHA-256 over the previous entry's hash and the
 * entry's canonical JSON. The hash of the last entry of every committed batch is signed with the gateway's
 * Ed25519 key; as each hash covers every entry before it, that signature vouches for the whole chain up to it,
 * and the newest entry is always signed. Editing, deleting or reordering a stored entry breaks the chain at that
 * point, and {@link #verify()} names the first bad entry; an edit whose chain was recomputed is caught at the
 * first signature after it.
 *
 * <p>One sequencer per database: appends are serialised in this process by a single writer thread that
 * commits whatever appends are waiting in one transaction (group commit), so concurrent exchanges share a
 * database commit instead of queueing for one each. A caller returns only once its entries are committed.
 * (The Merkle-tree log of a later issue replaces this class behind {@link AuditLog}.)
 */
public final class HashChainAuditLog implements AuditLog, AutoCloseable {
    private static final int MAX_BATCH = 512;
    /** Far longer than any commit takes; a caller never waits for ever on a writer that has gone. */
    private static final long APPEND_TIMEOUT_SECONDS = 60;
    static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private final DataSource dataSource;
    private final SigningKey key;
    private final Clock clock;
    private final BlockingQueue<PendingAppend> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    private long nextSeq;
    private String lastHash;

    public HashChainAuditLog(DataSource dataSource, SigningKey key, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.key = Objects.requireNonNull(key);
        this.clock = Objects.requireNonNull(clock);
        loadHead();
        writer = new Thread(this::writeLoop, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private record PendingAppend(List<AuditEvent> events, SameTransaction alongside,
                                 CompletableFuture<List<AuditRecord>> done) {
    }

    private void loadHead() {
        try (Connection c = connect(dataSource);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT seq, entry_hash FROM audit_entry ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                nextSeq = rs.getLong(1) + 1;
                lastHash = rs.getString(2);
            } else {
                nextSeq = 0;
                lastHash = GENESIS;
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the head of the audit log", e);
        }
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

    /** Stops accepting appends once those already waiting are written. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized List<AuditRecord> writeBatch(List<AuditEvent> events, SameTransaction alongside) {
        String recordedAt = clock.instant().toString();
        List<AuditRecord> records = new ArrayList<>(events.size());
        long seq = nextSeq;
        String prev = lastHash;
        for (AuditEvent event : events) {
            String json = CanonicalJson.write(entryBody(seq, recordedAt, event));
            String hash = chainHash(prev, json);
            boolean headOfBatch = records.size() == events.size() - 1;
            String signature = headOfBatch ? HEX.formatHex(key.sign(HEX.parseHex(hash))) : null;
            records.add(new AuditRecord(seq, recordedAt, json, prev, hash, signature));
            prev = hash;
            seq++;
        }
        try (Connection c = connect(dataSource)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry "
                    + "(seq, recorded_at, event_type, exchange_id, entry_json, prev_hash, entry_hash, signature) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < records.size(); i++) {
                    AuditRecord r = records.get(i);
                    ps.setLong(1, r.seq());
                    ps.setString(2, r.recordedAt());
                    ps.setString(3, events.get(i).type().name());
                    ps.setString(4, events.get(i).exchangeId());
                    ps.setString(5, r.entryJson());
                    ps.setString(6, r.prevHash());
                    ps.setString(7, r.entryHash());
                    ps.setString(8, r.signature());
                    ps.addBatch();
                }
                ps.executeBatch();
                alongside.write(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            AuditUnavailableException failure = new AuditUnavailableException("cannot append to the audit log", e);
            try {
                loadHead();
            } catch (AuditUnavailableException reload) {
                failure.addSuppressed(reload); // the head stays where it was: nothing was appended
            }
            throw failure;
        }
        nextSeq = seq;
        lastHash = prev;
        return records;
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

    /**
     * A connection, or a SQLException: a pool that has been shut down (H2's throws IllegalStateException) is a
     * database that cannot be reached, like any other.
     */
    private static Connection connect(DataSource dataSource) throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (RuntimeException e) {
            throw new SQLException("the audit database is not available: " + e.getMessage(), "08003", e);
        }
    }

    static String chainHash(String prevHash, String entryJson) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HEX.parseHex(prevHash));
            sha.update(entryJson.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    @Override
    public AuditVerification verify() {
        return verify(dataSource, key.publicKeyHex());
    }

    /** Checks a stored log offline against the gateway's public key only. */
    public static AuditVerification verify(DataSource dataSource, String publicKeyHex) {
        long expectedSeq = 0;
        String prev = GENESIS;
        boolean signed = true;
        try (Connection c = connect(dataSource);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT seq, entry_json, prev_hash, entry_hash, signature FROM audit_entry ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long seq = rs.getLong(1);
                if (seq != expectedSeq) {
                    return AuditVerification.broken(expectedSeq, expectedSeq,
                            "entry " + expectedSeq + " is missing (next stored entry is " + seq + ")");
                }
                String json = rs.getString(2);
                if (!prev.equals(rs.getString(3))) {
                    return AuditVerification.broken(seq, seq, "previous-hash link does not match entry " + (seq - 1));
                }
                String hash = chainHash(prev, json);
                if (!hash.equals(rs.getString(4))) {
                    return AuditVerification.broken(seq, seq, "entry content does not match its hash (edited)");
                }
                if (!json.contains("\"seq\":" + seq + ",")) {
                    return AuditVerification.broken(seq, seq, "entry body names another position (moved)");
                }
                String stored = rs.getString(5);
                signed = stored != null;
                if (signed) {
                    byte[] signature;
                    try {
                        signature = HEX.parseHex(stored);
                    } catch (IllegalArgumentException e) {
                        return AuditVerification.broken(seq, seq, "signature is not hex");
                    }
                    if (!SigningKey.verify(publicKeyHex, HEX.parseHex(hash), signature)) {
                        return AuditVerification.broken(seq, seq, "signature does not verify with the gateway's key");
                    }
                }
                prev = hash;
                expectedSeq++;
            }
            if (!signed) {
                return AuditVerification.broken(expectedSeq, expectedSeq - 1,
                        "the newest entry is not covered by a signature (entries appended by someone else?)");
            }
            return AuditVerification.ok(expectedSeq);
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the audit log", e);
        }
    }

    @Override
    public List<AuditRecord> entriesFor(String exchangeId) {
        List<AuditRecord> out = new ArrayList<>();
        try (Connection c = connect(dataSource);
             PreparedStatement ps = c.prepareStatement("SELECT seq, recorded_at, entry_json, prev_hash, entry_hash, "
                     + "signature FROM audit_entry WHERE exchange_id = ? ORDER BY seq")) {
            ps.setString(1, exchangeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the audit log", e);
        }
        return out;
    }

    @Override
    public synchronized long size() {
        return nextSeq;
    }
}
