package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Re-keys every entry's leaf key to lead with its bucket (its index divided by 16384) followed by the first five
 * bytes of its leaf hash: keyed by the hash alone, the index took a random page on every append, and the embedded
 * database rewrote nearly all of it at each store. The index itself is unchanged; only the keys in it are.
 *
 * <p>Frozen: the key is computed here as the gateway computed it when this version shipped, not by calling the
 * audit package, so that a later change of the key there cannot change what this upgrade writes (a new key needs
 * a new migration).
 */
public class V22__audit_leaf_key_by_bucket extends BaseJavaMigration {
    private static final int BATCH = 10_000;
    private static final int LEAF_BUCKET_SIZE = 1 << 14;
    private static final int HASH_BITS_IN_KEY = 40;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (PreparedStatement read = connection.prepareStatement("SELECT seq, leaf_hash FROM audit_entry");
             PreparedStatement write = connection.prepareStatement("UPDATE audit_entry SET leaf_key = ? WHERE seq = ?");
             ResultSet rs = read.executeQuery()) {
            int pending = 0;
            while (rs.next()) {
                write.setLong(1, leafKey(rs.getLong(1), rs.getString(2)));
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

    private static long leafKey(long seq, String leafHashHex) {
        long bucket = seq / LEAF_BUCKET_SIZE;
        return bucket << HASH_BITS_IN_KEY | Long.parseUnsignedLong(leafHashHex.substring(0, HASH_BITS_IN_KEY / 4), 16);
    }
}
