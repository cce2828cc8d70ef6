package org.bridgeway.delivery.push;

/**
 * Why an attempt to push a notice failed, and whether trying again can help.
 *
 * @param permanent true when the same notice sent again would fail the same way (the force rejected it, or it
 *                  cannot be expressed in the contract): it goes to the dead-letter queue at once
 * @param code      a stable code: the force's own reason code for a rejection ({@code REJECTED_UNCODED} when it
 *                  sent none the contract allows), else one of ours
 *                  ({@code CONNECTION_FAILED}, {@code TIMED_OUT}, {@code INTAKE_UNAVAILABLE}, {@code SERVER_FAULT},
 *                  {@code HTTP_ERROR}, {@code TRANSPORT_ERROR}, {@code BAD_RESPONSE}, {@code SOAP_CLIENT_FAULT},
 *                  {@code NOT_IN_CONTRACT})
 * @param reason    for the operator; may come from the force, so it goes on the dead-lettered message and in the
 *                  log, never in the audit log
 */
public final class PushFailure extends Exception {
    private final boolean permanent;
    private final String code;
    private final String reason;

    private PushFailure(boolean permanent, String code, String reason, Throwable cause) {
        super(code + ": " + reason, cause, false, false);
        this.permanent = permanent;
        this.code = code;
        this.reason = reason == null || reason.isBlank() ? code : truncate(reason);
    }

    /** A passing problem: worth another attempt after a delay. */
    public static PushFailure passing(String code, String reason, Throwable cause) {
        return new PushFailure(false, code, reason, cause);
    }

    /** The same notice would fail the same way again. */
    public static PushFailure permanent(String code, String reason, Throwable cause) {
        return new PushFailure(true, code, reason, cause);
    }

    public boolean permanent() {
        return permanent;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    private static String truncate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 497) + "...";
    }
}
