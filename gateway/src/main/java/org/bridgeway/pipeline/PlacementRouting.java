package org.bridgeway.pipeline;

import java.util.List;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.policy.PolicyInput;

/**
 * What the placement recipient rule needs beyond the notice and the reference data: who was told of the placement a
 * change or end is about. Supplied by the gateway's placement records
 * ({@link org.bridgeway.workflow.PlacementRecords}), which the placement ledger checked before the recipients are
 * resolved.
 */
public interface PlacementRouting {

    /** Refuses every change and end: for an {@link Exchanges} built without the gateway's placement records. */
    PlacementRouting NONE = notice -> {
        throw new IllegalStateException("placement changes and ends are not routed without the gateway's records");
    };

    /** One organisation told of a placement, in its relation to the notice that told it. */
    record Told(String organisationId, String relation) {
        public Told {
            PolicyInput.checkRelation(relation);
        }
    }

    /** The organisations the placement that {@code changeOrEnd} changes or ends was disclosed to, in order. */
    List<Told> toldOf(PlacementNotice changeOrEnd);
}
