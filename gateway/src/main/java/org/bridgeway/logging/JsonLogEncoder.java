package org.bridgeway.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Logback's own JSON encoder, one object a line, with an ISO-8601 UTC {@code timestamp} instead of epoch
 * milliseconds (logback has no option for it), and without what would only repeat or bloat a line: the logger
 * context, the sequence number, nanoseconds and the raw arguments (already in {@code formattedMessage}). A line
 * holds {@code timestamp}, {@code level}, {@code threadName}, {@code loggerName}, {@code mdc} (with
 * {@code correlationId}), {@code kvpList} when a line adds key-value pairs, {@code message} (the template, the same
 * for every line of its kind), {@code formattedMessage} and {@code throwable} (with its stack, or null).
 */
public final class JsonLogEncoder extends JsonEncoder {
    /** Milliseconds always written, so that lines sort as text. */
    private static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    public JsonLogEncoder() {
        setWithSequenceNumber(false);
        setWithNanoseconds(false);
        setWithContext(false);
        setWithArguments(false);
        setWithFormattedMessage(true);
    }

    @Override
    protected void appenderMemberWithLongValue(StringBuilder sb, String key, long value) {
        if (TIMESTAMP_ATTR_NAME.equals(key)) {
            appenderMember(sb, key, ISO_UTC.format(Instant.ofEpochMilli(value)));
        } else {
            super.appenderMemberWithLongValue(sb, key, value);
        }
    }
}
