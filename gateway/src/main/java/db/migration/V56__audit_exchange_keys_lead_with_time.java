package db.migration;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictDecompress;
import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Keys the audit entries of exchanges with time-ordered ids by time ({@code ExchangeKeys}): the key of an id ending
 * in a version 7 UUID becomes the UUID's 48 bits of milliseconds followed by the first 16 bits of the id's SHA-256,
 * so that new exchanges' entries go in at the exchange index's right edge; V51 keyed every exchange by the first eight
 * bytes of that digest, which scattered them over the index. Other ids keep their key. Entries, leaves and heads are
 * unchanged: the key is an index, not part of what the log vouches for.
 *
 * <p>Frozen: the scheme is computed here as the gateway computed it when this version shipped.
 */
public class V56__audit_exchange_keys_lead_with_time extends BaseJavaMigration {
    private static final int BATCH = 10_000;
    private static final JsonFactory JSON = new JsonFactory();
    /** The one dictionary the audit entries had been compressed with when this version shipped. */
    private static final String DICTIONARY = "/org/bridgeway/audit/store/audit-entry-dictionary-1.zdict";

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (PreparedStatement read = connection.prepareStatement("SELECT seq, entry FROM audit_entry "
                + "WHERE seq >= ? AND exchange_key IS NOT NULL ORDER BY seq FETCH FIRST " + BATCH + " ROWS ONLY");
             PreparedStatement write = connection.prepareStatement(
                     "UPDATE audit_entry SET exchange_key = ? WHERE seq = ?");
             ZstdDictDecompress dictionary = new ZstdDictDecompress(dictionary());
             ZstdDecompressCtx decompressor = new ZstdDecompressCtx()) {
            decompressor.loadDict(dictionary);
            long next = 0;
            while (true) {
                read.setLong(1, next);
                int rows = 0;
                int rekeyed = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        String exchangeId = exchangeIdOf(json(decompressor, rs.getBytes(2)), seq);
                        long millis = exchangeId == null ? -1 : timeOrderedMillis(exchangeId);
                        if (millis >= 0) {
                            write.setLong(1, millis << 16 | sha256Prefix(exchangeId) >>> 48);
                            write.setLong(2, seq);
                            write.addBatch();
                            rekeyed++;
                        }
                        next = seq + 1;
                        rows++;
                    }
                }
                if (rows == 0) {
                    return;
                }
                if (rekeyed > 0) {
                    write.executeBatch();
                }
            }
        }
    }

    /**
     * The entry's top-level {@code exchangeId}, or null when it names none: such an entry (written by hand, before
     * the gateway put the id in every entry) is never found by exchange, whatever its key, so it keeps the one it has.
     */
    private static String exchangeIdOf(byte[] json, long seq) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("audit entry " + seq + " is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("exchangeId".equals(field) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit entry " + seq, e);
        }
    }

    private static byte[] json(ZstdDecompressCtx decompressor, byte[] frame) {
        return decompressor.decompress(frame, (int) Zstd.getFrameContentSize(frame));
    }

    private static byte[] dictionary() {
        try (InputStream in = V56__audit_exchange_keys_lead_with_time.class.getResourceAsStream(DICTIONARY)) {
            if (in == null) {
                throw new IllegalStateException("the audit entry dictionary " + DICTIONARY + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long timeOrderedMillis(String id) {
        int start = id.length() - 36;
        if (start < 0 || id.charAt(start + 8) != '-' || id.charAt(start + 13) != '-' || id.charAt(start + 14) != '7'
                || id.charAt(start + 18) != '-' || id.charAt(start + 23) != '-'
                || "89abAB".indexOf(id.charAt(start + 19)) < 0) {
            return -1;
        }
        long millis = 0;
        for (int i = start; i < start + 13; i++) {
            if (i == start + 8) {
                continue;
            }
            int digit = Character.digit(id.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            millis = millis << 4 | digit;
        }
        return millis;
    }

    private static long sha256Prefix(String id) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)))
                    .getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
