package db.migration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HexFormat;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Stores the audit log in about a quarter of the room: each entry's canonical JSON compressed (a Zstandard frame
 * with the audit entry dictionary, see {@code EntryCompression}), leaf and subtree hashes as 32 bytes instead of 64
 * hex characters, the exchange found through an 8-byte key instead of an indexed copy of its id, and no columns
 * that repeat what the entry says (its time and type). Of the perfect subtrees only every fourth level is kept
 * ({@code KeptLevels}); the others fold from those. Indexes, leaf keys, sizes and heads are unchanged; every entry
 * keeps its bytes, so every leaf, root and signed head stays the same.
 *
 * <p>Frozen: the exchange key and the compression (dictionary 1, level 3, the frame naming its dictionary and size)
 * are computed here as the gateway computed them when this version shipped; any later dictionary reads these frames
 * too, since a frame names the dictionary it needs.
 */
public class V51__audit_entries_compressed extends BaseJavaMigration {
    private static final int BATCH = 10_000;
    private static final int KEPT_LEVEL_STRIDE = 4;
    private static final HexFormat HEX = HexFormat.of();
    private static final String DICTIONARY = "/org/bridgeway/audit/store/audit-entry-dictionary-1.zdict";

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE audit_entry_compressed ("
                    + "seq BIGINT NOT NULL PRIMARY KEY, "
                    + "entry BYTEA NOT NULL, "          // the canonical JSON as a Zstandard frame
                    + "leaf_hash BYTEA NOT NULL, "      // SHA-256(0x00 || JSON), 32 bytes
                    + "leaf_key BIGINT NOT NULL, "      // LeafKeys: bucket and the hash's first five bytes
                    + "exchange_key BIGINT)");          // ExchangeKeys; null for an entry of no exchange
            s.execute("CREATE TABLE audit_node_kept (lvl SMALLINT NOT NULL, idx BIGINT NOT NULL, "
                    + "hash BYTEA NOT NULL, PRIMARY KEY (lvl, idx))");
        }
        copyEntries(connection);
        copyKeptNodes(connection);
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE audit_entry");
            s.execute("DROP TABLE audit_node");
            s.execute("ALTER TABLE audit_entry_compressed RENAME TO audit_entry");
            s.execute("ALTER TABLE audit_node_kept RENAME TO audit_node");
            s.execute("CREATE INDEX audit_entry_leaf_key ON audit_entry (leaf_key)");
            s.execute("CREATE INDEX audit_entry_exchange_key ON audit_entry (exchange_key)");
        }
    }

    /** A page at a time, by index, so a log of any size fits in memory. */
    private static void copyEntries(Connection connection) throws SQLException {
        try (ZstdDictCompress dictionary = new ZstdDictCompress(dictionary(), 3);
             ZstdCompressCtx compressor = new ZstdCompressCtx();
             PreparedStatement read = connection.prepareStatement("SELECT seq, entry_json, leaf_hash, leaf_key, "
                + "exchange_id FROM audit_entry WHERE seq >= ? ORDER BY seq FETCH FIRST " + BATCH + " ROWS ONLY");
             PreparedStatement write = connection.prepareStatement("INSERT INTO audit_entry_compressed "
                     + "(seq, entry, leaf_hash, leaf_key, exchange_key) VALUES (?, ?, ?, ?, ?)")) {
            compressor.loadDict(dictionary);
            compressor.setContentSize(true);
            compressor.setDictID(true);
            compressor.setChecksum(false);
            long next = 0;
            while (true) {
                read.setLong(1, next);
                int rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        write.setLong(1, seq);
                        write.setBytes(2, compressor.compress(rs.getString(2).getBytes(StandardCharsets.UTF_8)));
                        write.setBytes(3, HEX.parseHex(rs.getString(3)));
                        write.setLong(4, rs.getLong(4));
                        String exchangeId = rs.getString(5);
                        if (exchangeId == null) {
                            write.setNull(5, Types.BIGINT);
                        } else {
                            write.setLong(5, exchangeKey(exchangeId));
                        }
                        write.addBatch();
                        next = seq + 1;
                        rows++;
                    }
                }
                if (rows == 0) {
                    return;
                }
                write.executeBatch();
            }
        }
    }

    private static void copyKeptNodes(Connection connection) throws SQLException {
        try (PreparedStatement levels = connection.prepareStatement("SELECT DISTINCT lvl FROM audit_node");
             PreparedStatement read = connection.prepareStatement("SELECT idx, hash FROM audit_node "
                     + "WHERE lvl = ? AND idx >= ? ORDER BY idx FETCH FIRST " + BATCH + " ROWS ONLY");
             PreparedStatement write = connection.prepareStatement(
                     "INSERT INTO audit_node_kept (lvl, idx, hash) VALUES (?, ?, ?)")) {
            java.util.List<Integer> kept = new java.util.ArrayList<>();
            try (ResultSet rs = levels.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(1) % KEPT_LEVEL_STRIDE == 0) {
                        kept.add(rs.getInt(1));
                    }
                }
            }
            for (int level : kept) {
                long next = 0;
                while (true) {
                    read.setInt(1, level);
                    read.setLong(2, next);
                    int rows = 0;
                    try (ResultSet rs = read.executeQuery()) {
                        while (rs.next()) {
                            write.setInt(1, level);
                            write.setLong(2, rs.getLong(1));
                            write.setBytes(3, HEX.parseHex(rs.getString(2)));
                            write.addBatch();
                            next = rs.getLong(1) + 1;
                            rows++;
                        }
                    }
                    if (rows == 0) {
                        break;
                    }
                    write.executeBatch();
                }
            }
        }
    }

    private static byte[] dictionary() {
        try (InputStream in = V51__audit_entries_compressed.class.getResourceAsStream(DICTIONARY)) {
            if (in == null) {
                throw new IllegalStateException("the audit entry dictionary " + DICTIONARY + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long exchangeKey(String exchangeId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(exchangeId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
