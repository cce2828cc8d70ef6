package org.bridgeway.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import org.bridgeway.audit.AuditRecord;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V56: the entries of exchanges with time-ordered ids, keyed by V51 at random places, are keyed by time. */
class ExchangeKeysMigrationTest {
    private static final String TIME_ORDERED = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
    private static final String PREFIXED = "LR-0190a1b2-c3d5-7000-9000-000000000001";
    private static final String RANDOM = "3f2c1e0d-9b8a-4c7d-a6e5-f4d3c2b1a098";

    @Test
    void entriesKeyedAsV51KeyedThemAreFoundByTheirExchangeAfterV56(@TempDir Path dir) throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
        flyway(dataSource, "55").migrate();
        try (Connection c = dataSource.getConnection()) {
            append(c, 0, TIME_ORDERED);
            append(c, 1, RANDOM);
            append(c, 2, null);
            append(c, 3, PREFIXED);
            append(c, 4, TIME_ORDERED);
        }

        flyway(dataSource, null).migrate();

        Map<Long, Long> keys = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, exchange_key FROM audit_entry");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.put(rs.getLong(1), rs.getObject(2) == null ? null : rs.getLong(2));
            }
        }
        assertThat(keys.get(0L)).isEqualTo(0x0190a1b2c3d4L << 16 | v51Key(TIME_ORDERED) >>> 48)
                .isEqualTo(ExchangeKeys.exchangeKey(TIME_ORDERED));
        assertThat(keys.get(1L)).as("not time-ordered: as V51 keyed it").isEqualTo(v51Key(RANDOM));
        assertThat(keys.get(2L)).as("an entry of no exchange").isNull();
        assertThat(keys.get(3L)).isEqualTo(ExchangeKeys.exchangeKey(PREFIXED)).isNotEqualTo(v51Key(PREFIXED));

        JdbcAuditStore store = new JdbcAuditStore(dataSource);
        assertThat(store.entriesFor(TIME_ORDERED)).extracting(AuditRecord::seq).containsExactly(0L, 4L);
        assertThat(store.entriesFor(PREFIXED)).extracting(AuditRecord::seq).containsExactly(3L);
        assertThat(store.entriesFor(RANDOM)).extracting(AuditRecord::seq).containsExactly(1L);
    }

    private static Flyway flyway(JdbcDataSource dataSource, String target) {
        var config = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    /** A row as the gateway wrote it under V51 to V55. */
    private static void append(Connection c, long seq, String exchangeId) throws SQLException {
        String json = exchangeId == null ? "{\"seq\":" + seq + ",\"type\":\"TREE_HEAD\"}"
                : "{\"details\":{},\"exchangeId\":\"" + exchangeId + "\",\"seq\":" + seq + ",\"type\":\"RECEIVED\"}";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry (seq, entry, leaf_hash, leaf_key, "
                + "exchange_key) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setBytes(2, EntryCompression.compress(json.getBytes(StandardCharsets.UTF_8)));
            ps.setBytes(3, new byte[32]);
            ps.setLong(4, seq);
            if (exchangeId == null) {
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setLong(5, v51Key(exchangeId));
            }
            ps.executeUpdate();
        }
    }

    private static long v51Key(String id) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)))
                    .getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
