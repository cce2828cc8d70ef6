package org.bridgeway.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.audit.tree.CompactRange;
import org.bridgeway.audit.tree.MerkleHash;

/**
 * Builds the Merkle tree over entries stored before the log had one (the V5 migration). Migration code, not the
 * log's: it writes the tables directly, as the migration must, and goes once V5 carries its own copy.
 */
public final class AuditTreeBackfill {
    private AuditTreeBackfill() {
    }

    public static void run(Connection connection) throws SQLException {
        CompactRange range = CompactRange.empty();
        List<CompactRange.CompletedNode> nodes = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement("SELECT seq, entry_json FROM audit_entry ORDER BY seq");
             PreparedStatement write = connection.prepareStatement("UPDATE audit_entry SET leaf_hash = ? WHERE seq = ?");
             ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                long seq = rs.getLong(1);
                if (seq != range.size()) {
                    throw new SQLException("the audit log to upgrade has no entry " + range.size()
                            + ": check it with the previous version's 'audit verify' before upgrading");
                }
                byte[] leaf = MerkleHash.leaf(rs.getString(2).getBytes(StandardCharsets.UTF_8));
                write.setString(1, MerkleHash.hex(leaf));
                write.setLong(2, seq);
                write.addBatch();
                nodes.addAll(range.append(leaf));
            }
            write.executeBatch();
        }
        if (!nodes.isEmpty()) {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO audit_node (lvl, idx, hash) VALUES (?, ?, ?)")) {
                for (CompactRange.CompletedNode n : nodes) {
                    ps.setInt(1, n.level());
                    ps.setLong(2, n.index());
                    ps.setString(3, MerkleHash.hex(n.hash()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("UPDATE audit_tree_state SET tree_size = ? WHERE id = 1")) {
            ps.setLong(1, range.size());
            ps.executeUpdate();
        }
    }
}
