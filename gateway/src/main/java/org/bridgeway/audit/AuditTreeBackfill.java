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

/** Builds the Merkle tree over entries stored before the log had one (the V5 migration). */
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
        AuditTables.insertNodes(connection, nodes);
        AuditTables.setTreeSize(connection, range.size());
    }
}
