package org.bridgeway.audit.timestamp;

import java.util.Locale;

/** The media types of RFC 3161 section 3.4 (time-stamp protocol via HTTP). */
public final class Rfc3161Media {
    public static final String QUERY = "application/timestamp-query";
    public static final String REPLY = "application/timestamp-reply";

    private Rfc3161Media() {
    }

    /** Whether a Content-Type header value names {@code type}, ignoring case and parameters. */
    public static boolean is(String contentType, String type) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String bare = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return bare.strip().toLowerCase(Locale.ROOT).equals(type);
    }
}
