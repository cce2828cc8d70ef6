package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.bridgeway.audit.AuditTreeBackfill;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Carries a hash-chained audit log into the Merkle tree: every existing entry keeps its index and canonical JSON
 * and becomes a leaf; the subtrees and the tree size are computed from them. The chain columns go, as the first
 * signed tree head after the upgrade covers the whole history.
 */
public class V5__audit_leaves_from_hash_chain extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        AuditTreeBackfill.run(connection);
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER TABLE audit_entry DROP COLUMN prev_hash");
            s.execute("ALTER TABLE audit_entry DROP COLUMN entry_hash");
            s.execute("ALTER TABLE audit_entry DROP COLUMN signature");
            s.execute("ALTER TABLE audit_entry ALTER COLUMN leaf_hash SET NOT NULL");
            s.execute("CREATE INDEX audit_entry_leaf ON audit_entry (leaf_hash)");
        }
    }
}
