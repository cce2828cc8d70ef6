package org.bridgeway.pipeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;

/** Data minimisation: keeps exactly the fields a decision permits, and nothing else, for one recipient. */
public final class Minimiser {
    private Minimiser() {
    }

    public static MinimisedNotice minimise(Notice notice, Organisation recipient, Set<String> permitted, Instant at) {
        Map<String, String> kept = new LinkedHashMap<>();
        notice.fields().forEach((name, value) -> {
            if (permitted.contains(name)) {
                kept.put(name, value);
            }
        });
        return new MinimisedNotice(notice.exchangeId(), notice.exchangeType(), notice.sender(), recipient, kept, at);
    }
}
