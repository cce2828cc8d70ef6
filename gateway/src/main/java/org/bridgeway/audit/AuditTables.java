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
final class AuditTables {
    private AuditTables() {
    }

    /** Perfect-subtree hashes read on {@code connection}, one primary-key lookup each. */
    static NodeSource nodes(Connection connection) {
        return (level, index) -> {
            String sql = level == 0 ? "SELECT leaf_hash FROM audit_entry WHERE seq = ?"
                    : "SELECT hash FROM audit_node WHERE lvl = " + level + " AND idx = ?";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setLong(1, index);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1) != null ? MerkleHash.fromHex(rs.getString(1)) : null;
                }
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot read the audit tree", e);
            }
        };
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
}
