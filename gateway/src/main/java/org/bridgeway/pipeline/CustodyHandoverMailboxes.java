package org.bridgeway.pipeline;

import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;

/**
 * Where an authority receives custody handovers and their deadlines: the EDT and council directory's
 * {@code custodyHandoverMailbox} ({@link org.bridgeway.directory.AuthorityDirectory}), supplied by the gateway.
 */
@FunctionalInterface
public interface CustodyHandoverMailboxes {

    /** Refuses every handover notice: for an {@link Exchanges} built without the gateway's directory (tests, tools). */
    CustodyHandoverMailboxes NONE = authority -> {
        throw new IllegalStateException("custody handovers are not routed without the gateway's authority directory");
    };

    Organisation mailboxOf(DfeLaCode authority);
}
