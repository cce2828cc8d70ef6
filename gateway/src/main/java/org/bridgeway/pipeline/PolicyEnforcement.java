package org.bridgeway.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.logging.CorrelationId;
import org.bridgeway.observability.Meters;
import org.bridgeway.policy.OpaDecisionPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.BiFunction;
import org.bridgeway.adapters.Digests;
import org.bridgeway.adapters.NoticeRenderer;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.policy.DeliveryWindows;
import org.bridgeway.policy.PolicyDecision;
import org.bridgeway.policy.PolicyDecisionPoint;
import org.bridgeway.policy.PolicyInput;
import org.bridgeway.store.TimeOrderedIds;

/**
 * The policy enforcement point: asks the decision point about each recipient, and for each allowed one
 * minimises the notice to the permitted fields and renders it in the recipient's format. A denied recipient
 * gets nothing; the denial is kept for the decision log and the audit log. Each decision gets its id here.
 */
public final class PolicyEnforcement {
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final PolicyDecisionPoint decisionPoint;
    private final Renderers renderers;
    private final Clock clock;
    /** The delivery window of an agreement version, by id and version. */
    private final BiFunction<String, String, Duration> deliveryWindows;

    private final Map<ExchangeType, Counter> allowedDecisions;
    private final Map<ExchangeType, Counter> deniedDecisions;
    private final Timer decisionLatency;

    public PolicyEnforcement(PolicyDecisionPoint decisionPoint, Renderers renderers, Clock clock) {
        this(decisionPoint, renderers, clock, Meters.none(), (agreementId, version) -> DeliveryWindows.DEFAULT);
    }

    /**
     * Counts each decision by exchange type and outcome ({@code bridgeway.notices.decided}), times the decision
     * point ({@code bridgeway.policy.decision.latency}, tagged with the engine), and gives each message the delivery
     * window of the agreement that allowed it.
     */
    public PolicyEnforcement(PolicyDecisionPoint decisionPoint, Renderers renderers, Clock clock,
                             MeterRegistry meters, BiFunction<String, String, Duration> deliveryWindows) {
        this.decisionPoint = decisionPoint;
        this.renderers = renderers;
        this.clock = clock;
        this.deliveryWindows = deliveryWindows;
        String decided = "bridgeway.notices.decided";
        String description = "Policy decisions about one notice for one recipient";
        allowedDecisions = Meters.counters(meters, decided, description, Tags.of("decision", "allow"));
        deniedDecisions = Meters.counters(meters, decided, description, Tags.of("decision", "deny"));
        decisionLatency = Meters.latency(meters, "bridgeway.policy.decision.latency",
                "Time the policy decision point took to decide for one recipient",
                Tags.of("engine", decisionPoint instanceof OpaDecisionPoint ? "opa" : "embedded"));
    }

    public Dispatch decide(Dispatch dispatch) {
        Notice notice = dispatch.notice();
        LocalDate today = LocalDate.ofInstant(clock.instant(), UK);
        List<Disclosure> disclosures = new ArrayList<>();
        for (Recipient recipient : dispatch.recipients()) {
            PolicyInput input = PolicyInput.of(notice, recipient.organisation(), recipient.relation(), today);
            long started = System.nanoTime();
            PolicyDecision decision = decisionPoint.decide(input);
            decisionLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            (decision.allow() ? allowedDecisions : deniedDecisions).get(notice.exchangeType()).increment();
            Decided decided = new Decided(TimeOrderedIds.next(), input.digest(), clock.instant());
            disclosures.add(decision.allow()
                    ? allowed(notice, recipient, decision, decided)
                    : new Disclosure(recipient, decision, null, null, decided.id(), decided.inputDigest(),
                            decided.at()));
        }
        return dispatch.withDisclosures(disclosures);
    }

    /** The decision log's identification of one decision. */
    private record Decided(String id, String inputDigest, Instant at) {
    }

    private Disclosure allowed(Notice notice, Recipient recipient, PolicyDecision decision, Decided decided) {
        Organisation organisation = recipient.organisation();
        MinimisedNotice minimised = Minimiser.minimise(notice, organisation,
                new HashSet<>(decision.permittedFields()), clock.instant());
        NoticeRenderer renderer = renderers.forRecipient(notice.exchangeType(), organisation.type());
        byte[] payload = renderer.render(minimised);
        Delivery delivery = new Delivery(TimeOrderedIds.next(), notice.exchangeId(), notice.idempotencyKey(),
                notice.exchangeType().slug(), notice.sender().id(), recipient.id(), renderer.format(),
                renderer.mediaType(), payload,
                deliveryWindows.apply(decision.agreementId(), decision.agreementVersion()),
                CorrelationId.current().orElse(null));
        return new Disclosure(recipient, decision, delivery, Digests.sha256(payload), decided.id(),
                decided.inputDigest(), decided.at());
    }
}
