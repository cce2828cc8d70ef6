package org.bridgeway.fault;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A resource the gateway needs and cannot use now. Every request that meets one is answered 503 with
 * {@code Retry-After}, with a problem that names the resource and nothing of the failure's internals.
 */
public enum Unavailable {
    AUDIT_LOG("audit-log", "Audit log unavailable",
            "the audit log cannot be read or written now: nothing was done, and what was sent was not disclosed to "
                    + "anyone"),
    DECISION_LOG("decision-log", "Decision log unavailable",
            "the decision log cannot be read or written now: nothing was done, and what was sent was not disclosed to "
                    + "anyone"),
    MAILBOXES("mailboxes", "Mailboxes unavailable", "the mailboxes cannot be reached now, so nothing was done"),
    DATABASE("database", "Database unavailable", "the gateway's database cannot be used now, so nothing was done"),
    STORAGE("storage", "Storage full", "the gateway's storage is full, so nothing was done"),
    SHUTTING_DOWN("gateway", "Shutting down", "this gateway is shutting down and takes no new requests");

    /** Long enough for a pool to reconnect or another node to take over; short enough that nobody waits long. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final String code;
    private final String title;
    private final String detail;

    Unavailable(String code, String title, String detail) {
        this.code = code;
        this.title = title;
        this.detail = detail;
    }

    /** The resource's name in answers and logs, e.g. {@code database}. */
    public String code() {
        return code;
    }

    /** The RFC 9457 problem to answer with, status 503; the caller adds {@code Retry-After}. */
    public Map<String, Object> problem() {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:bridgeway:problem:unavailable:" + code);
        problem.put("title", title);
        problem.put("status", 503);
        problem.put("detail", detail + "; send the request again in " + RETRY_AFTER_SECONDS + " seconds");
        problem.put("unavailable", code);
        return problem;
    }
}
