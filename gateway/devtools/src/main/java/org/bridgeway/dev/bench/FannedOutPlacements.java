package org.bridgeway.dev.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.PlacementEvent;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.pipeline.ExchangeRegistration;
import org.bridgeway.pipeline.Exchanges;
import org.bridgeway.pipeline.Recipient;
import org.bridgeway.reference.PoliceForce;

/**
 * The start of a placement told to a given number of organisations instead of its rule's (issue 18's scale table: how
 * a notice's cost grows with its recipients): the rule's first ones when fewer, and when more, other territorial
 * police forces besides, each as a placement-area force, so that each is decided, minimised, rendered, audited and
 * delivered as the area's force is. No exchange the gateway carries names ten recipients: this is a measurement's
 * workload, never a served gateway's rule.
 */
final class FannedOutPlacements {
    private static final String EXTRA_RELATION = "placement-area-force";

    private FannedOutPlacements() {
    }

    /** The shipped exchanges, the start of a placement going to {@code recipients} organisations. */
    static UnaryOperator<Exchanges> to(int recipients) {
        if (recipients < 1) {
            throw new IllegalArgumentException("a notice has at least one recipient, not " + recipients);
        }
        return exchanges -> {
            ExchangeRegistration shipped = exchanges.of(ExchangeType.PLACEMENT_NOTIFICATION);
            return exchanges.replacing(shipped.withRecipients((notice, reference) -> {
                List<Recipient> named = shipped.recipientsOf(notice, reference);
                if (((PlacementNotice) notice).event() != PlacementEvent.STARTED) {
                    return named; // a change or end goes to those told of the start, as the rule says
                }
                if (named.size() >= recipients) {
                    return named.subList(0, recipients);
                }
                List<Recipient> fannedOut = new ArrayList<>(named);
                reference.policeForces().stream()
                        .filter(f -> f.policeForceArea().isPresent())
                        .sorted(Comparator.comparing(f -> f.code().value()))
                        .map(PoliceForce::organisation)
                        .filter(force -> fannedOut.stream().noneMatch(r -> r.id().equals(force.id())))
                        .limit(recipients - named.size())
                        .forEach(force -> fannedOut.add(new Recipient(force, EXTRA_RELATION)));
                return fannedOut;
            }));
        };
    }
}
