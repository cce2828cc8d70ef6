package org.bridgeway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.bridgeway.audit.tree.MerkleTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the audit tree's head — size, root hash, time — with the gateway's Ed25519 key whenever the log has grown:
 * on an interval (default one second), on demand (a receipt needs a head that includes its entry) and on close.
 * Heads are stored in {@code audit_tree_head}; a head for a size another gateway on the same database already
 * signed is not signed twice. Witnesses' cosignatures are checked and stored beside the head.
 */
public final class TreeHeadSigner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TreeHeadSigner.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final SigningKey signingKey;
    private final NoteKey key;
    private final Clock clock;
    private final ScheduledExecutorService schedule;
    private volatile boolean closed;

    public TreeHeadSigner(DataSource dataSource, SigningKey signingKey, String origin, Clock clock, Duration interval) {
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
        } catch (RuntimeException e) {
            // the next tick tries again; appends do not depend on heads being signed
            LOG.warn("could not sign an audit tree head: {}", e.getMessage());
        }
    }

    /** Signs a head for the committed tree unless the newest head already covers it; returns the newest head. */
    public synchronized TreeHead signNow() {
        try (Connection c = MerkleAuditLog.connect(dataSource)) {
            long size = AuditTables.treeSize(c, false);
            Optional<TreeHead> latest = latest(c);
            if (latest.isPresent() && latest.get().size() >= size) {
                return latest.get();
            }
            Instant issued = clock.instant();
            if (latest.isPresent() && issued.isBefore(latest.get().note().checkpoint().issuedAt())) {
                issued = latest.get().note().checkpoint().issuedAt(); // the clock stepped back: heads never do
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
            } catch (SQLException e) {
                Optional<TreeHead> signedElsewhere = head(c, size);
                if (signedElsewhere.isPresent()) {
                    return signedElsewhere.get(); // another gateway on this database signed the same size first
                }
                throw e;
            }
            return new TreeHead(note, Optional.empty());
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot sign a tree head", e);
        }
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
        schedule.shutdownNow();
        try {
            schedule.awaitTermination(5, TimeUnit.SECONDS);
            signNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (AuditUnavailableException e) {
            LOG.warn("could not sign the last audit tree head: {}", e.getMessage());
        }
    }
}
