package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.bridgeway.audit.AuditTables;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Re-keys every entry's leaf key to lead with its bucket ({@link AuditTables#leafKey(long, String)}): keyed by the
 * hash alone, the index took a random page on every append, and the embedded database rewrote nearly all of it at
 * each store. The index itself is unchanged; only the keys in it are.
 */
public class V22__audit_leaf_key_by_bucket extends BaseJavaMigration {
    private static final int BATCH = 10_000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (PreparedStatement read = connection.prepareStatement("SELECT seq, leaf_hash FROM audit_entry");
             PreparedStatement write = connection.prepareStatement("UPDATE audit_entry SET leaf_key = ? WHERE seq = ?");
             ResultSet rs = read.executeQuery()) {
            int pending = 0;
            while (rs.next()) {
                write.setLong(1, AuditTables.leafKey(rs.getLong(1), rs.getString(2)));
                write.setLong(2, rs.getLong(1));
                write.addBatch();
                if (++pending == BATCH) {
                    write.executeBatch();
                    pending = 0;
                }
            }
            write.executeBatch();
        }
    }
}
