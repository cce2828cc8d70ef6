package org.bridgeway.audit.timestamp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;

/** Names for the PKIStatus and PKIFailureInfo values a TSA can answer (RFC 3161 section 2.4.2). */
final class PkiStatusText {
    private static final String[] STATUSES = {"granted", "grantedWithMods", "rejection", "waiting",
        "revocationWarning", "revocationNotification"};

    private static final Map<Integer, String> FAILURES = new LinkedHashMap<>();

    static {
        FAILURES.put(PKIFailureInfo.badAlg, "badAlg");
        FAILURES.put(PKIFailureInfo.badRequest, "badRequest");
        FAILURES.put(PKIFailureInfo.badDataFormat, "badDataFormat");
        FAILURES.put(PKIFailureInfo.timeNotAvailable, "timeNotAvailable");
        FAILURES.put(PKIFailureInfo.unacceptedPolicy, "unacceptedPolicy");
        FAILURES.put(PKIFailureInfo.unacceptedExtension, "unacceptedExtension");
        FAILURES.put(PKIFailureInfo.addInfoNotAvailable, "addInfoNotAvailable");
        FAILURES.put(PKIFailureInfo.systemFailure, "systemFailure");
    }

    private PkiStatusText() {
    }

    static String status(int status) {
        String name = status >= 0 && status < STATUSES.length ? STATUSES[status] : "unknown";
        return name + " (" + status + ")";
    }

    /** The failure bits set, by name; bits RFC 3161 does not define are shown as their value. */
    static String failure(PKIFailureInfo info) {
        if (info == null) {
            return "none given";
        }
        int bits = info.intValue();
        List<String> names = new ArrayList<>();
        for (Map.Entry<Integer, String> failure : FAILURES.entrySet()) {
            if ((bits & failure.getKey()) != 0) {
                names.add(failure.getValue());
                bits &= ~failure.getKey();
            }
        }
        if (bits != 0) {
            names.add("0x" + Integer.toHexString(bits));
        }
        return names.isEmpty() ? "none given" : String.join(", ", names);
    }
}
