package org.bridgeway.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bridgeway.store.TimeOrderedIds;
import org.junit.jupiter.api.Test;

class ExchangeKeysTest {
    @Test
    void exchangesWithTimeOrderedIdsAreKeyedInTheOrderOfTheirMilliseconds() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(TimeOrderedIds.next());
            Thread.sleep(2);
        }
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ExchangeKeys.exchangeKey(ids.get(i))).as("%s after %s", ids.get(i), ids.get(i - 1))
                    .isGreaterThan(ExchangeKeys.exchangeKey(ids.get(i - 1)));
        }
    }

    @Test
    void aTimeOrderedKeyIsTheUuidsMillisecondsThenSixteenBitsOfTheIdsDigest() throws Exception {
        String id = "LR-0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
        assertThat(ExchangeKeys.timeOrderedMillis(id)).isEqualTo(0x0190a1b2c3d4L);
        assertThat(ExchangeKeys.exchangeKey(id)).isEqualTo(0x0190a1b2c3d4L << 16 | sha256Prefix(id) >>> 48);
    }

    @Test
    void anyOtherIdIsKeyedByTheFirstEightBytesOfItsDigestAsBefore() throws Exception {
        for (String id : List.of(UUID.randomUUID().toString(), "exchange-17", "",
                "0190a1b2-c3d4-6e5f-8a6b-7c8d9e0f1a2b", "0190a1b2-c3d4-7e5f-ca6b-7c8d9e0f1a2b",
                "0190a1b2-c3d4-7e5f-8a6b+7c8d9e0f1a2b", "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2", "0190a1g2-c3d4-7e5f-8a6b-7c8d9e0f1a2b")) {
            assertThat(ExchangeKeys.timeOrderedMillis(id)).as(id).isEqualTo(-1);
            assertThat(ExchangeKeys.exchangeKey(id)).as(id).isEqualTo(sha256Prefix(id));
        }
        assertThat(ExchangeKeys.exchangeKey(null)).isNull();
    }

    private static long sha256Prefix(String id) throws Exception {
        return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)))
                .getLong();
    }
}
