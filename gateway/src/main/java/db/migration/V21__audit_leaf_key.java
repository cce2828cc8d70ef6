package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Finds entries by leaf hash through an 8-byte key (the hash's first eight bytes) instead of the 64-character hex:
 * leaf hashes are random, so every append dirties a page of this index wherever its key falls, and a key an eighth
 * the size makes an index an eighth the size, with that many fewer pages to rewrite. A lookup compares the full hash.
 * V22 re-keys the entries by bucket, which this key was not enough for.
 */
public class V21__audit_leaf_key extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER TABLE audit_entry ADD COLUMN leaf_key BIGINT");
        }
        try (PreparedStatement read = connection.prepareStatement("SELECT seq, leaf_hash FROM audit_entry");
             PreparedStatement write = connection.prepareStatement("UPDATE audit_entry SET leaf_key = ? WHERE seq = ?");
             ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                write.setLong(1, Long.parseUnsignedLong(rs.getString(2).substring(0, 16), 16));
                write.setLong(2, rs.getLong(1));
                write.addBatch();
            }
            write.executeBatch();
        }
        try (Statement s = connection.createStatement()) {
            s.execute("DROP INDEX audit_entry_leaf");
            s.execute("ALTER TABLE audit_entry ALTER COLUMN leaf_key SET NOT NULL");
            s.execute("CREATE INDEX audit_entry_leaf_key ON audit_entry (leaf_key)");
        }
    }
}
