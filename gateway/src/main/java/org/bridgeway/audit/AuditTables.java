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

    /** The first eight bytes of a leaf hash (hex) as a signed number: the key entries are found by. */
    public static long leafKey(String leafHashHex) {
        return Long.parseUnsignedLong(leafHashHex.substring(0, 16), 16);
    }
}
