package org.bridgeway.logging;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} header (https://www.w3.org/TR/trace-context/#traceparent-header) that
 * parsed as the recommendation says: two lower-case hex digits of version (never {@code ff}), a 32-digit trace-id
 * and a 16-digit parent-id that are not all zeros, and two digits of flags. Version 00 is exactly that; a later
 * version may add fields after a dash, which are kept but not read. Anything else is not a traceparent and is ignored.
 *
 * @param header the value as received, trimmed of surrounding white space
 */
public record TraceParent(String version, String traceId, String parentId, String flags, String header) {
    private static final Pattern FIRST_FIELDS = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final int LENGTH = 55;
    private static final String ZERO_TRACE_ID = "0".repeat(32);
    private static final String ZERO_PARENT_ID = "0".repeat(16);
    /** Far beyond any version's fields; a longer header is not read. */
    private static final int MAX_LENGTH = 512;

    public static Optional<TraceParent> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String header = value.strip();
        if (header.length() < LENGTH || header.length() > MAX_LENGTH
                || !FIRST_FIELDS.matcher(header.substring(0, LENGTH)).matches()) {
            return Optional.empty();
        }
        String version = header.substring(0, 2);
        String traceId = header.substring(3, 35);
        String parentId = header.substring(36, 52);
        String flags = header.substring(53, 55);
        if (version.equals("ff") || traceId.equals(ZERO_TRACE_ID) || parentId.equals(ZERO_PARENT_ID)) {
            return Optional.empty();
        }
        if (version.equals("00") ? header.length() != LENGTH
                : header.length() > LENGTH && (header.charAt(LENGTH) != '-' || !printable(header))) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(version, traceId, parentId, flags, header));
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
