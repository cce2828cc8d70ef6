package db.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Carries a hash-chained audit log into the Merkle tree: every existing entry keeps its index and canonical JSON
 * and becomes a leaf; the subtrees and the tree size are computed from them. The chain columns go, as the first
 * signed tree head after the upgrade covers the whole history.
 *
 * <p>Frozen: the hashes of RFC 9162 section 2.1.1 and the right-edge fold are carried here as they were when this
 * version shipped, not called from the audit package, so that no later change there can change what an upgrade of
 * an old database computes.
 */
public class V5__audit_leaves_from_hash_chain extends BaseJavaMigration {
    private static final HexFormat HEX = HexFormat.of();

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        List<Node> nodes = new ArrayList<>();
        long treeSize = 0;
        RightEdge edge = new RightEdge();
        try (PreparedStatement read = connection.prepareStatement("SELECT seq, entry_json FROM audit_entry ORDER BY seq");
             PreparedStatement write = connection.prepareStatement("UPDATE audit_entry SET leaf_hash = ? WHERE seq = ?");
             ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                long seq = rs.getLong(1);
                if (seq != treeSize) {
                    throw new SQLException("the audit log to upgrade has no entry " + treeSize
                            + ": check it with the previous version's 'audit verify' before upgrading");
                }
                byte[] leaf = leafHash(rs.getString(2).getBytes(StandardCharsets.UTF_8));
                write.setString(1, HEX.formatHex(leaf));
                write.setLong(2, seq);
                write.addBatch();
                nodes.addAll(edge.append(leaf));
                treeSize++;
            }
            write.executeBatch();
        }
        insertNodes(connection, nodes);
        try (PreparedStatement ps = connection.prepareStatement("UPDATE audit_tree_state SET tree_size = ? WHERE id = 1")) {
            ps.setLong(1, treeSize);
            ps.executeUpdate();
        }
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER TABLE audit_entry DROP COLUMN prev_hash");
            s.execute("ALTER TABLE audit_entry DROP COLUMN entry_hash");
            s.execute("ALTER TABLE audit_entry DROP COLUMN signature");
            s.execute("ALTER TABLE audit_entry ALTER COLUMN leaf_hash SET NOT NULL");
            s.execute("CREATE INDEX audit_entry_leaf ON audit_entry (leaf_hash)");
        }
    }

    private static void insertNodes(Connection connection, List<Node> nodes) throws SQLException {
        if (nodes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO audit_node (lvl, idx, hash) VALUES (?, ?, ?)")) {
            for (Node n : nodes) {
                ps.setInt(1, n.level());
                ps.setLong(2, n.index());
                ps.setString(3, HEX.formatHex(n.hash()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A perfect subtree of level 1 or more, stored once complete: it covers leaves [index * 2^level, ...). */
    private record Node(int level, long index, byte[] hash) {
    }

    /**
     * The right edge of the growing tree: one hash per perfect subtree in the binary decomposition of its size.
     * Appending a leaf merges equal-sized subtrees and reports each node that became complete.
     */
    private static final class RightEdge {
        private long size;
        /** Hashes of the perfect subtrees, largest (leftmost) first. */
        private final List<byte[]> hashes = new ArrayList<>();

        List<Node> append(byte[] leafHash) {
            List<Node> completed = new ArrayList<>(2);
            byte[] hash = leafHash;
            long index = size;
            int level = 0;
            // each trailing one bit of the old size is a subtree of equal size waiting for a right sibling
            while (((size >> level) & 1) == 1) {
                byte[] left = hashes.remove(hashes.size() - 1);
                hash = nodeHash(left, hash);
                level++;
                index >>= 1;
                completed.add(new Node(level, index, hash));
            }
            hashes.add(hash);
            size++;
            return completed;
        }
    }

    /** RFC 9162 2.1.1: SHA-256 of 0x00 and the leaf's data. */
    private static byte[] leafHash(byte[] data) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        return sha.digest(data);
    }

    /** RFC 9162 2.1.1: SHA-256 of 0x01 and the two child hashes. */
    private static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        return sha.digest(right);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
