package org.bridgeway.api;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bridgeway.transport.RefusalReason;

/** The answer of a {@link CallerIdentity}: who is calling, or why nobody is. */
public sealed interface Authentication {

    record Authenticated(Caller caller) implements Authentication {
    }

    /** @param presented the client certificate presented, if any, whose fingerprint the audit entry records */
    record Refused(RefusalReason reason, Optional<X509Certificate> presented) implements Authentication {
        public static Refused because(RefusalReason reason) {
            return new Refused(reason, Optional.empty());
        }
    }
}
