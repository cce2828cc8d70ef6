package org.bridgeway.pipeline;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.bridgeway.adapters.NoticeRenderer;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.policy.PolicyDecision;
import org.bridgeway.policy.PolicyDecisionPoint;
import org.bridgeway.policy.PolicyInput;

/**
 * The policy enforcement point: asks the decision point about each recipient, and for each allowed one
 * minimises the notice to the permitted fields and renders it in the recipient's format. A denied recipient
 * gets nothing; the denial is kept for the audit log.
 */
public final class PolicyEnforcement {
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final PolicyDecisionPoint decisionPoint;
    private final Renderers renderers;
    private final Clock clock;

    public PolicyEnforcement(PolicyDecisionPoint decisionPoint, Renderers renderers, Clock clock) {
        this.decisionPoint = decisionPoint;
        this.renderers = renderers;
        this.clock = clock;
    }

    public Dispatch decide(Dispatch dispatch) {
        Notice notice = dispatch.notice();
        LocalDate today = LocalDate.ofInstant(clock.instant(), UK);
        List<Disclosure> disclosures = new ArrayList<>();
        for (Organisation recipient : dispatch.recipients()) {
            PolicyDecision decision = decisionPoint.decide(PolicyInput.of(notice, recipient, today));
            disclosures.add(decision.allow()
                    ? allowed(notice, recipient, decision)
                    : new Disclosure(recipient, decision, null, null));
        }
        return dispatch.withDisclosures(disclosures);
    }

    private Disclosure allowed(Notice notice, Organisation recipient, PolicyDecision decision) {
        MinimisedNotice minimised = Minimiser.minimise(notice, recipient,
                new HashSet<>(decision.permittedFields()), clock.instant());
        NoticeRenderer renderer = renderers.forRecipient(recipient.type());
        byte[] payload = renderer.render(minimised);
        Delivery delivery = new Delivery(UUID.randomUUID().toString(), notice.exchangeId(),
                notice.exchangeType().slug(), notice.sender().id(), recipient.id(), renderer.format(),
                renderer.mediaType(), payload);
        return new Disclosure(recipient, decision, delivery, Digests.sha256(payload));
    }
}
