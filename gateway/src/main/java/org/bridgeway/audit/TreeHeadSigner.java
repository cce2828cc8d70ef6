package org.bridgeway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.InvalidSignatureException;
import org.bridgeway.audit.note.MalformedNoteException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.timestamp.TimestampAuthority;
import org.bridgeway.audit.timestamp.TimestampToken;
import org.bridgeway.audit.timestamp.TimestampUnavailableException;
import org.bridgeway.audit.tree.MerkleTree;
import org.bridgeway.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the audit tree's head — size, root hash, time — with the gateway's Ed25519 key whenever the log has grown,
 * over entries already durable only:
 * on an interval (default one second), on demand (a receipt needs a head that includes its entry) and on close.
 * Heads are stored in {@code audit_tree_head}; a head for a size another gateway on the same database already
 * signed is not signed twice. Witnesses' cosignatures are checked and stored beside the head.
 */
public final class TreeHeadSigner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TreeHeadSigner.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    private static final int TIMESTAMPS_PER_TICK = 50;

    private final DataSource dataSource;
    private final SigningKey signingKey;
    private final NoteKey key;
    private final Clock clock;
    private final Optional<TimestampAuthority> timestamps;
    private final ScheduledExecutorService schedule;
    private volatile boolean closed;
    private volatile boolean timestampsFailing;

    public TreeHeadSigner(DataSource dataSource, SigningKey signingKey, String origin, Clock clock, Duration interval) {
        this(dataSource, signingKey, origin, clock, interval, Optional.empty());
    }

    /**
     * @param timestamps a time-stamping authority asked for an RFC 3161 token over each signed head; while it is
     *                   unreachable heads are signed anyway and timestamped once it answers again
     */
    public TreeHeadSigner(DataSource dataSource, SigningKey signingKey, String origin, Clock clock, Duration interval,
                          Optional<TimestampAuthority> timestamps) {
        this.timestamps = Objects.requireNonNull(timestamps);
        this.dataSource = Objects.requireNonNull(dataSource);
        this.signingKey = Objects.requireNonNull(signingKey);
        this.key = new NoteKey(origin, signingKey.publicKey());
        this.clock = Objects.requireNonNull(clock);
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-head-signer");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        schedule.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The log's public key, named by its origin: all a verifier needs. */
    public NoteKey key() {
        return key;
    }

    private void tick() {
        try {
            signNow();
            timestampPending();
        } catch (RuntimeException e) {
            // the next tick tries again; appends do not depend on heads being signed
            LOG.warn("could not sign an audit tree head: {}", e.getMessage());
        }
    }

    /**
     * Asks the time-stamping authority for a token over each signed head that has none, oldest first. An outage
     * is logged once when it starts and once when it ends; the heads wait.
     */
    public void timestampPending() {
        if (timestamps.isEmpty()) {
            return;
        }
        try (Connection c = MerkleAuditLog.connect(dataSource);
             PreparedStatement pending = c.prepareStatement("SELECT tree_size, signed_note FROM audit_tree_head "
                     + "WHERE timestamp_token IS NULL ORDER BY tree_size FETCH FIRST " + TIMESTAMPS_PER_TICK + " ROWS ONLY");
             PreparedStatement update = c.prepareStatement("UPDATE audit_tree_head SET timestamp_token = ?, "
                     + "timestamped_at = ? WHERE tree_size = ? AND timestamp_token IS NULL")) {
            List<Long> sizes = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            try (ResultSet rs = pending.executeQuery()) {
                while (rs.next()) {
                    sizes.add(rs.getLong(1));
                    notes.add(rs.getString(2));
                }
            }
            for (int i = 0; i < sizes.size(); i++) {
                TimestampToken token = timestamps.get().timestamp(imprint(parseStored(notes.get(i)).checkpoint()));
                update.setString(1, token.base64());
                update.setString(2, token.genTime().toString());
                update.setLong(3, sizes.get(i));
                update.executeUpdate();
            }
            if (timestampsFailing && !sizes.isEmpty()) {
                timestampsFailing = false;
                LOG.info("the time-stamping authority answers again; pending tree heads are timestamped");
            }
        } catch (TimestampUnavailableException e) {
            if (!timestampsFailing) {
                timestampsFailing = true;
                LOG.warn("the time-stamping authority is unavailable ({}); tree heads are signed and will be "
                        + "timestamped when it returns", e.getMessage());
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot timestamp tree heads", e);
        }
    }

    /**
     * What a timestamp token covers: SHA-256 of the checkpoint body (origin, size, root hash, issued time), so it
     * stays checkable however many cosignatures are later added to the note.
     */
    public static byte[] imprint(Checkpoint checkpoint) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(checkpoint.bodyBytes());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /**
     * Signs a head for the committed tree unless the newest head already covers it; returns the newest head. It
     * holds the sequencer row while it signs, so that across gateways sharing the database heads grow in size and
     * time together and no append slips in between reading the size and signing it.
     */
    public synchronized TreeHead signNow() {
        long durable = durableSize();
        try (Connection c = MerkleAuditLog.connect(dataSource)) {
            c.setAutoCommit(false);
            try {
                TreeHead head = signLocked(c, durable);
                c.commit();
                return head;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot sign a tree head", e);
        }
    }

    /**
     * The size of the log as far as it is on disk. A head is signed only over durable entries: one served and then
     * lost in a crash would be a fork of the log that every witness and receipt holder could hold against it.
     */
    private long durableSize() {
        try (Connection c = MerkleAuditLog.connect(dataSource)) {
            long committed = AuditTables.treeSize(c, false);
            Database.syncCommitted(c);
            return committed;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot make the audit log durable before signing", e);
        }
    }

    private TreeHead signLocked(Connection c, long durable) throws SQLException {
        // the lock orders heads across gateways sharing the database; entries committed since are not yet durable
        long size = Math.min(AuditTables.treeSize(c, true), durable);
        Optional<TreeHead> latest = latest(c);
        if (latest.isPresent() && latest.get().size() >= size) {
            return latest.get();
        }
        Instant issued = clock.instant();
        if (latest.isPresent() && issued.isBefore(latest.get().note().checkpoint().issuedAt())) {
            issued = latest.get().note().checkpoint().issuedAt(); // a clock behind another node's: heads never go back
        }
        byte[] root;
        try (AuditTables.StoredNodes stored = AuditTables.nodes(c)) {
            root = new MerkleTree(stored).root(size);
        }
        SignedCheckpoint note = SignedCheckpoint.sign(new Checkpoint(key.name(), size, root, issued), key,
                signingKey::sign);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_tree_head "
                + "(tree_size, root_hash, issued_at, signed_note) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, size);
            ps.setString(2, MerkleHash.hex(root));
            ps.setString(3, issued.toString());
            ps.setString(4, note.text());
            ps.executeUpdate();
        }
        return new TreeHead(note, Optional.empty());
    }

    public Optional<TreeHead> latest() {
        try (Connection c = MerkleAuditLog.connect(dataSource)) {
            return latest(c);
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the tree heads", e);
        }
    }

    public Optional<TreeHead> head(long size) {
        try (Connection c = MerkleAuditLog.connect(dataSource)) {
            return head(c, size);
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the tree heads", e);
        }
    }

    private Optional<TreeHead> latest(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(tree_size) FROM audit_tree_head");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long size = rs.getLong(1);
            return rs.wasNull() ? Optional.empty() : head(c, size);
        }
    }

    private Optional<TreeHead> head(Connection c, long size) throws SQLException {
        SignedCheckpoint note;
        String token;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT signed_note, timestamp_token FROM audit_tree_head WHERE tree_size = ?")) {
            ps.setLong(1, size);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                note = parseStored(rs.getString(1));
                token = rs.getString(2);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT signature_line FROM audit_cosignature WHERE tree_size = ? ORDER BY witness")) {
            ps.setLong(1, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    note = note.with(parseLine(rs.getString(1)));
                }
            }
        }
        return Optional.of(new TreeHead(note, Optional.ofNullable(token)));
    }

    /**
     * Stores a witness's cosignature of the head of {@code size} after checking it against that head; a
     * cosignature that does not verify is refused with the reason.
     */
    public void addCosignature(long size, NoteKey witness, NoteSignature cosignature) throws InvalidSignatureException {
        TreeHead head = head(size).orElseThrow(() -> new InvalidSignatureException(
                "the gateway signed no tree head of size " + size));
        SignedCheckpoint cosigned = new SignedCheckpoint(head.note().checkpoint(), java.util.List.of(cosignature));
        cosigned.verifyCosignature(witness);
        try (Connection c = MerkleAuditLog.connect(dataSource);
             PreparedStatement delete = c.prepareStatement("DELETE FROM audit_cosignature WHERE tree_size = ? AND witness = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO audit_cosignature "
                     + "(tree_size, witness, public_key, signature_line, received_at) VALUES (?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            delete.setLong(1, size);
            delete.setString(2, witness.name());
            delete.executeUpdate();
            insert.setLong(1, size);
            insert.setString(2, witness.name());
            insert.setString(3, java.util.HexFormat.of().formatHex(witness.publicKey()));
            insert.setString(4, cosignature.line().strip());
            insert.setString(5, clock.instant().toString());
            insert.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot store a cosignature", e);
        }
    }

    static SignedCheckpoint parseStored(String text) {
        try {
            return SignedCheckpoint.parse(text);
        } catch (MalformedNoteException e) {
            throw new AuditUnavailableException("a stored tree head is malformed: " + e.getMessage(), null);
        }
    }

    private static NoteSignature parseLine(String line) {
        try {
            return NoteSignature.parse(line);
        } catch (MalformedNoteException e) {
            throw new AuditUnavailableException("a stored cosignature is malformed: " + e.getMessage(), null);
        }
    }

    /** Stops the interval and signs a last head, so a clean shutdown leaves every entry covered. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        schedule.shutdown(); // a tick in flight finishes: its time-stamping request is bounded by the client's timeouts
        try {
            if (!schedule.awaitTermination(10, TimeUnit.SECONDS)) {
                schedule.shutdownNow();
            }
            signNow();
            timestampPending();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (AuditUnavailableException e) {
            LOG.warn("could not sign the last audit tree head: {}", e.getMessage());
        }
    }
}
