package org.bridgeway.dev.bench;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.store.TimeOrderedIds;

/**
 * The audit events of one synthetic exchange, shaped like those the pipeline appends in one go: a receipt, then
 * a decision per recipient and a disclosure per allowed one. Identifiers, codes and random SHA-256-sized digests
 * only; no personal data, as in the real log.
 */
final class SyntheticAuditEvents {
    static final int MAX_PER_EXCHANGE = 7;
    private static final String SENDER = "local-authority:886";
    private static final String[] RECIPIENTS = {"police:kent", "health:LAC886", "local-authority:887",
            "police:essex", "health:LAC887"};
    private static final List<String> FIELDS = List.of("child.localId", "child.nhsNumber", "child.dateOfBirth",
            "placement.startDate", "placement.postcode", "placement.legalStatus", "risks");
    private static final HexFormat HEX = HexFormat.of();

    private SyntheticAuditEvents() {
    }

    /** {@code count} events (1 to {@link #MAX_PER_EXCHANGE}) of one exchange, the receipt first. */
    static List<AuditEvent> exchange(SplittableRandom random, int count) {
        String exchangeId = TimeOrderedIds.next(); // time-ordered, as the gateway's exchange ids are
        List<AuditEvent> events = new ArrayList<>(count);
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < count / 2 + count % 2; i++) {
            recipients.add(RECIPIENTS[random.nextInt(RECIPIENTS.length)]);
        }
        Map<String, Object> received = new LinkedHashMap<>();
        received.put("exchangeType", "placement-notification");
        received.put("idempotencyKey", "bench/" + exchangeId);
        received.put("noticeFingerprint", digest(random));
        received.put("fields", FIELDS);
        received.put("recipients", recipients);
        events.add(new AuditEvent(AuditEventType.RECEIVED, exchangeId, SENDER, null, received));
        for (int r = 0; events.size() < count; r++) {
            String recipient = recipients.get(r % recipients.size());
            if (count - events.size() == 1) {
                events.add(new AuditEvent(AuditEventType.DECISION_DENY, exchangeId, "gateway", recipient,
                        decision(random, false)));
            } else {
                events.add(new AuditEvent(AuditEventType.DECISION_ALLOW, exchangeId, "gateway", recipient,
                        decision(random, true)));
                Map<String, Object> disclosed = new LinkedHashMap<>();
                disclosed.put("messageId", uuid(random));
                disclosed.put("format", "json");
                disclosed.put("payloadDigest", digest(random));
                events.add(new AuditEvent(AuditEventType.DISCLOSED, exchangeId, "gateway", recipient, disclosed));
            }
        }
        return events;
    }

    private static Map<String, Object> decision(SplittableRandom random, boolean allow) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decisionId", uuid(random));
        details.put("agreement", "DSA-886-" + (100 + random.nextInt(20)));
        details.put("agreementVersion", 3);
        details.put("policyRevision", "sha256:" + digest(random));
        details.put("lawfulBasis", "UK-GDPR-6(1)(e)");
        details.put("permitted", allow ? FIELDS.subList(0, 5) : List.of());
        details.put("withheld", allow ? FIELDS.subList(5, 7) : FIELDS);
        details.put("retention", "P7Y");
        if (!allow) {
            details.put("reasons", List.of("no-agreement-for-recipient"));
        }
        return details;
    }

    /** Random rather than computed: the bench measures the log, not the hashing of made-up payloads. */
    private static String digest(SplittableRandom random) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8; j++) {
                bytes[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return HEX.formatHex(bytes);
    }

    private static String uuid(SplittableRandom random) {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }
}
