package org.bridgeway.audit.sign;

import java.net.URI;
import java.util.Objects;
import org.bridgeway.audit.note.NoteKey;

/**
 * A witness the gateway submits its heads to: its c2sp.org/tlog-witness submission prefix and its cosigning key,
 * as its verifier key names it ({@code <name>+<hash>+<key>}).
 */
public record WitnessEndpoint(URI submissionPrefix, NoteKey key) {
    public WitnessEndpoint {
        Objects.requireNonNull(submissionPrefix, "submissionPrefix");
        Objects.requireNonNull(key, "key");
        String scheme = submissionPrefix.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("a witness is reached over http(s), not " + submissionPrefix);
        }
    }

    /** From a submission prefix and a witness's verifier key (algorithm cosignature/v1). */
    public static WitnessEndpoint of(String submissionPrefix, String verifierKey) {
        return new WitnessEndpoint(URI.create(submissionPrefix), NoteKey.fromVerifierKey(verifierKey,
                NoteKey.COSIGNATURE_V1));
    }
}
