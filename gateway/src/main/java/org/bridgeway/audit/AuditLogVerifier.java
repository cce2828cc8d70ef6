package org.bridgeway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.InvalidSignatureException;
import org.bridgeway.audit.note.MalformedNoteException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.timestamp.InvalidTimestampException;
import org.bridgeway.audit.timestamp.TimestampTokens;
import org.bridgeway.audit.tree.CompactRange;
import org.bridgeway.audit.tree.MerkleHash;

/**
 * Checks a stored audit log offline with nothing but the gateway's public key: recomputes every leaf and subtree
 * from the entries in one pass, and checks each signed tree head's signature and root against the recomputed tree
 * of its size — so consecutive heads are consistent, each the prefix of the next — and each witness's
 * cosignature. It fails closed: a malformed head, a missing signature or an unknown key is a failure. The first
 * failure is located at an entry index and explained.
 */
public final class AuditLogVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource dataSource;
    private final NoteKey key;
    private final Optional<X509Certificate> timestampAuthority;

    public AuditLogVerifier(DataSource dataSource, NoteKey key) {
        this(dataSource, key, Optional.empty());
    }

    /** With a time-stamping authority's certificate, every timestamp token on a head is checked too. */
    public AuditLogVerifier(DataSource dataSource, NoteKey key, Optional<X509Certificate> timestampAuthority) {
        this.dataSource = dataSource;
        this.key = key;
        this.timestampAuthority = timestampAuthority;
    }

    private static final class Broken extends Exception {
        final long seq;

        Broken(long seq, String problem) {
            super(problem);
            this.seq = seq;
        }
    }

    public AuditVerification verify() {
        return verify(List.of());
    }

    /**
     * Checks the log, and that it still extends every head a party has seen (a witness's last checkpoint, the
     * checkpoints of its receipts): a seen head whose size the log no longer reaches means the log shrank, and one
     * whose root differs from the log's at that size means the log forked since. Either fails, naming the head.
     */
    public AuditVerification verify(List<SignedCheckpoint> seenHeads) {
        List<SignedCheckpoint> seen = seenHeads.stream()
                .sorted(java.util.Comparator.comparingLong(h -> h.checkpoint().size())).toList();
        for (SignedCheckpoint head : seen) {
            try {
                if (!head.checkpoint().origin().equals(key.name())) {
                    return AuditVerification.broken(0, 0, 0, describe(head) + " names another log: "
                            + head.checkpoint().origin());
                }
                head.verifyLogSignature(key);
            } catch (InvalidSignatureException e) {
                return AuditVerification.broken(0, 0, 0, describe(head) + " was not signed by the gateway's key: "
                        + e.getMessage());
            }
        }
        int nextSeen = 0;
        CompactRange range = CompactRange.empty();
        long heads = 0;
        try (Connection c = MerkleAuditLog.connect(dataSource);
             PreparedStatement entries = c.prepareStatement(
                     "SELECT seq, entry_json, leaf_hash FROM audit_entry ORDER BY seq");
             PreparedStatement headQuery = c.prepareStatement(
                     "SELECT tree_size, root_hash, issued_at, signed_note, timestamp_token FROM audit_tree_head "
                             + "ORDER BY tree_size");
             ResultSet rs = stream(c, entries);
             ResultSet headRows = stream(c, headQuery);
             AuditTables.StoredNodes stored = AuditTables.nodes(c)) {
            boolean moreHeads = headRows.next();
            Instant lastIssued = Instant.MIN;
            long lastHeadSize = 0;
            try {
                while (true) {
                    while (moreHeads && headRows.getLong(1) == range.size()) {
                        lastIssued = checkHead(c, headRows, range, lastIssued, lastHeadSize);
                        lastHeadSize = range.size();
                        heads++;
                        moreHeads = headRows.next();
                    }
                    while (nextSeen < seen.size() && seen.get(nextSeen).checkpoint().size() == range.size()) {
                        SignedCheckpoint head = seen.get(nextSeen++);
                        if (!MerkleHash.same(head.checkpoint().rootHash(), range.root())) {
                            throw new Broken(range.size(), "the log has forked since " + describe(head)
                                    + ": its first " + range.size() + " entries no longer hash to that head's root");
                        }
                    }
                    if (moreHeads && headRows.getLong(1) < range.size()) {
                        throw new Broken(headRows.getLong(1), "the signed head of size " + headRows.getLong(1)
                                + " is stored out of order");
                    }
                    if (!rs.next()) {
                        break;
                    }
                    long seq = rs.getLong(1);
                    long expected = range.size();
                    if (seq != expected) {
                        throw new Broken(expected, "entry " + expected + " is missing (the next stored entry is "
                                + seq + ")");
                    }
                    String json = rs.getString(2);
                    long claimed = claimedIndex(json, seq);
                    if (claimed != seq) {
                        throw new Broken(seq, "entry " + seq + " says it is entry " + claimed
                                + ": entries were moved or swapped");
                    }
                    byte[] leaf = MerkleHash.leaf(json.getBytes(StandardCharsets.UTF_8));
                    if (!MerkleHash.hex(leaf).equals(rs.getString(3))) {
                        throw new Broken(seq, "entry " + seq + " does not match its leaf hash: the entry was edited");
                    }
                    for (CompactRange.CompletedNode node : range.append(leaf)) {
                        byte[] kept = stored.node(node.level(), node.index());
                        if (!MerkleHash.same(kept, node.hash())) {
                            long first = node.index() << node.level();
                            throw new Broken(first, "the stored subtree over entries [" + first + ", "
                                    + (first + (1L << node.level())) + ") does not match those entries: one of them, "
                                    + "or the subtree, was changed");
                        }
                    }
                }
                if (nextSeen < seen.size()) {
                    throw new Broken(range.size(), "the log has shrunk since " + describe(seen.get(nextSeen))
                            + ": it now holds " + range.size() + " entries");
                }
                if (moreHeads) {
                    long claimed = headRows.getLong(1);
                    throw new Broken(range.size(), "the signed head of size " + claimed + " covers entries that are "
                            + "not stored: the log was truncated after entry " + (range.size() - 1));
                }
                return AuditVerification.ok(range.size(), heads, range.size() - lastHeadSize);
            } catch (Broken b) {
                return AuditVerification.broken(range.size(), heads, b.seq, b.getMessage());
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the audit log", e);
        }
    }

    private static String describe(SignedCheckpoint head) {
        return "the head of size " + head.checkpoint().size() + " issued " + head.checkpoint().issuedAt();
    }

    /** Streams rows rather than loading them all (PostgreSQL fetches in chunks only outside auto-commit). */
    private static ResultSet stream(Connection c, PreparedStatement query) throws SQLException {
        c.setAutoCommit(false);
        query.setFetchSize(1000);
        return query.executeQuery();
    }

    private static long claimedIndex(String json, long seq) throws Broken {
        try {
            JsonNode node = JSON.readTree(json).get("seq");
            if (node == null || !node.canConvertToLong()) {
                throw new Broken(seq, "entry " + seq + " has no index in its body");
            }
            return node.asLong();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Broken(seq, "entry " + seq + " is not JSON");
        }
    }

    private Instant checkHead(Connection c, ResultSet head, CompactRange range, Instant lastIssued, long lastSize)
            throws SQLException, Broken {
        long size = head.getLong(1);
        String where = "the signed head of size " + size;
        SignedCheckpoint note;
        try {
            note = SignedCheckpoint.parse(head.getString(4));
        } catch (MalformedNoteException e) {
            throw new Broken(lastSize, where + " is malformed: " + e.getMessage());
        }
        Checkpoint checkpoint = note.checkpoint();
        if (!checkpoint.origin().equals(key.name())) {
            throw new Broken(lastSize, where + " names another log: " + checkpoint.origin());
        }
        try {
            note.verifyLogSignature(key);
        } catch (InvalidSignatureException e) {
            throw new Broken(lastSize, where + " was not signed by the gateway's key (forged or re-signed): "
                    + e.getMessage());
        }
        if (checkpoint.size() != size || !MerkleHash.hex(checkpoint.rootHash()).equals(head.getString(2))
                || !checkpoint.issuedAt().toString().equals(head.getString(3))) {
            throw new Broken(lastSize, where + " is stored with a size, root or time other than it was signed with");
        }
        if (!MerkleHash.same(checkpoint.rootHash(), range.root())) {
            throw new Broken(lastSize, "the entries do not hash to the root signed at size " + size
                    + ": an entry in [" + lastSize + ", " + size + ") was changed and its hashes rewritten");
        }
        if (checkpoint.issuedAt().isBefore(lastIssued)) {
            throw new Broken(lastSize, where + " was issued before the head that precedes it");
        }
        checkCosignatures(c, checkpoint, lastSize);
        String token = head.getString(5);
        if (token != null && timestampAuthority.isPresent()) {
            try {
                TimestampTokens.verify(Base64.getDecoder().decode(token), TreeHeadSigner.imprint(checkpoint),
                        timestampAuthority.get());
            } catch (InvalidTimestampException | IllegalArgumentException e) {
                throw new Broken(lastSize, "the timestamp token on " + where + " does not verify: " + e.getMessage());
            }
        }
        return checkpoint.issuedAt();
    }

    private static void checkCosignatures(Connection c, Checkpoint checkpoint, long lastSize) throws SQLException, Broken {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT witness, public_key, signature_line FROM audit_cosignature WHERE tree_size = ?")) {
            ps.setLong(1, checkpoint.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String witness = rs.getString(1);
                    try {
                        NoteKey key = new NoteKey(witness, HexFormat.of().parseHex(rs.getString(2)));
                        new SignedCheckpoint(checkpoint, java.util.List.of(NoteSignature.parse(rs.getString(3))))
                                .verifyCosignature(key);
                    } catch (MalformedNoteException | InvalidSignatureException | IllegalArgumentException e) {
                        throw new Broken(lastSize, "the cosignature of " + witness + " on the head of size "
                                + checkpoint.size() + " does not verify: " + e.getMessage());
                    }
                }
            }
        }
    }
}
