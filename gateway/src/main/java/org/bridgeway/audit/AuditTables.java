package org.bridgeway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.bridgeway.audit.tree.CompactRange.CompletedNode;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.NodeSource;

/**
 * The SQL of the Merkle audit log, in one place, portable between H2 and PostgreSQL. Leaves (level 0) are the
 * entries' own leaf hashes; higher perfect subtrees live in {@code audit_node}.
 */
public final class AuditTables {
    private AuditTables() {
    }

    /** Perfect-subtree hashes read on {@code connection}, one primary-key lookup each; close it when done. */
    static StoredNodes nodes(Connection connection) {
        return new StoredNodes(connection);
    }

    /**
     * Reads nodes through two statements prepared once and reused, with the level as a parameter: a proof or a
     * verification asks for many nodes, and a statement per node (one SQL text per level) cost more than the
     * lookups themselves.
     */
    static final class StoredNodes implements NodeSource, AutoCloseable {
        private final Connection connection;
        private PreparedStatement leaves;
        private PreparedStatement nodes;

        private StoredNodes(Connection connection) {
            this.connection = connection;
        }

        @Override
        public byte[] node(int level, long index) {
            try {
                PreparedStatement ps;
                if (level == 0) {
                    ps = leaves != null ? leaves
                            : (leaves = connection.prepareStatement("SELECT leaf_hash FROM audit_entry WHERE seq = ?"));
                    ps.setLong(1, index);
                } else {
                    ps = nodes != null ? nodes
                            : (nodes = connection.prepareStatement("SELECT hash FROM audit_node WHERE lvl = ? AND idx = ?"));
                    ps.setInt(1, level);
                    ps.setLong(2, index);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1) != null ? MerkleHash.fromHex(rs.getString(1)) : null;
                }
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot read the audit tree", e);
            }
        }

        @Override
        public void close() throws SQLException {
            try (PreparedStatement a = leaves; PreparedStatement b = nodes) {
                // closes both, even if one fails
            }
        }
    }

    static void insertNodes(Connection connection, List<CompletedNode> nodes) throws SQLException {
        if (nodes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO audit_node (lvl, idx, hash) VALUES (?, ?, ?)")) {
            for (CompletedNode n : nodes) {
                ps.setInt(1, n.level());
                ps.setLong(2, n.index());
                ps.setString(3, MerkleHash.hex(n.hash()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The committed tree size; with {@code lock}, holds the sequencer row until the transaction ends. */
    static long treeSize(Connection connection, boolean lock) throws SQLException {
        String sql = "SELECT tree_size FROM audit_tree_state WHERE id = 1" + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the audit_tree_state row is missing");
            }
            return rs.getLong(1);
        }
    }

    static void setTreeSize(Connection connection, long size) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE audit_tree_state SET tree_size = ? WHERE id = 1")) {
            ps.setLong(1, size);
            ps.executeUpdate();
        }
    }

    /**
     * Entries are found by leaf hash through a key that leads with the entry's bucket (its index divided by
     * {@value #LEAF_BUCKET_SIZE}) and ends with the first five bytes of the hash. Leaf hashes are random, so a key of
     * the hash alone would put every append on a page of the index wherever it fell, and the embedded database
     * rewrites every page an append touches at its next store: an index of hashes alone is rewritten almost whole,
     * several times a second, however large it grows. Led by the bucket, appends touch only the current bucket's
     * few pages; a lookup asks every bucket, one index probe each. A lookup compares the full hash.
     */
    public static final int LEAF_BUCKET_SIZE = 1 << 14;
    private static final int HASH_BITS_IN_KEY = 40;

    public static long leafKey(long seq, String leafHashHex) {
        long bucket = seq / LEAF_BUCKET_SIZE;
        return bucket << HASH_BITS_IN_KEY | Long.parseUnsignedLong(leafHashHex.substring(0, HASH_BITS_IN_KEY / 4), 16);
    }

    /** Every key an entry with this leaf hash may have in a tree of {@code treeSize} entries: one per bucket. */
    static long[] leafKeys(long treeSize, String leafHashHex) {
        long buckets = (treeSize + LEAF_BUCKET_SIZE - 1) / LEAF_BUCKET_SIZE;
        long[] keys = new long[Math.toIntExact(buckets)];
        for (int bucket = 0; bucket < keys.length; bucket++) {
            keys[bucket] = leafKey((long) bucket * LEAF_BUCKET_SIZE, leafHashHex);
        }
        return keys;
    }
}
