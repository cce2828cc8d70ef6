package org.bridgeway.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A custody handover's deadline, told on behalf of the requesting force (the sender): a reminder to an asked
 * authority before a step is due, or, when it is missed, an escalation to the authorities' escalation contacts, to the
 * other asked authority and to the custody officer, who is prompted to consider the PACE s.38(7) certificate. Built by
 * the gateway only, from its handover record and deadline timers; no partner sends one.
 *
 * <p>It names the child by no more than the force's custody record number: every recipient already holds the
 * request, or (the custody officer) the custody record itself.
 */
public record HandoverDeadlineNotice(
        String exchangeId,
        String idempotencyKey,
        Organisation sender,
        String handoverId,
        HandoverDeadlineEvent event,
        Optional<DfeLaCode> authority,
        Instant dueAt,
        PoliceForceCode force,
        String custodyReference,
        DfeLaCode suiteAuthority,
        Optional<DfeLaCode> responsibleAuthority,
        Optional<String> escalationContact,
        String prompt) implements Notice {
    private static final Pattern HANDOVER_ID_SHAPE = Pattern.compile("CH-[A-Za-z0-9-]{1,37}");

    public static final class Fields {
        public static final String HANDOVER_ID = "handover.id";
        /** A policy fact: who is told depends on it. */
        public static final String EVENT = "deadline.event";
        public static final String AUTHORITY = "deadline.authority";
        public static final String DUE_AT = "deadline.dueAt";
        public static final String FORCE = "custody.force";
        public static final String CUSTODY_REFERENCE = "custody.reference";
        public static final String SUITE_AUTHORITY = "handover.suiteAuthority";
        public static final String RESPONSIBLE_AUTHORITY = "handover.responsibleAuthority";
        public static final String ESCALATION_CONTACT = "deadline.escalationContact";
        public static final String PROMPT = "deadline.prompt";

        /** The published catalogue, {@link ExchangeType#fields()}, in its order. */
        public static final List<String> ALL = ExchangeType.CUSTODY_HANDOVER_DEADLINE.fields();

        private Fields() {
        }
    }

    public static final class Rules {
        public static final String SENDER = "custody.force.sender";
        public static final String HANDOVER_ID_FORMAT = "handover.id.format";
        public static final String AUTHORITY_REQUIRED = "deadline.authority.required";
        public static final String AUTHORITY_ASKED = "deadline.authority.asked";

        private Rules() {
        }
    }

    static final int MAX_CONTACT_LENGTH = 400;
    static final int MAX_PROMPT_LENGTH = 400;

    public HandoverDeadlineNotice {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(handoverId, Fields.HANDOVER_ID);
        Objects.requireNonNull(event, Fields.EVENT);
        authority = Objects.requireNonNullElse(authority, Optional.empty());
        Objects.requireNonNull(dueAt, Fields.DUE_AT);
        Objects.requireNonNull(force, Fields.FORCE);
        Objects.requireNonNull(custodyReference, Fields.CUSTODY_REFERENCE);
        Objects.requireNonNull(suiteAuthority, Fields.SUITE_AUTHORITY);
        responsibleAuthority = Objects.requireNonNullElse(responsibleAuthority, Optional.empty());
        escalationContact = MissingEpisodeNotice.stripped(escalationContact);
        Objects.requireNonNull(prompt, Fields.PROMPT);

        List<FieldViolation> v = new ArrayList<>();
        if (sender.type() != OrganisationType.POLICE_FORCE || !sender.code().equals(force.value())) {
            v.add(new FieldViolation(Fields.FORCE, Rules.SENDER,
                    "a handover deadline is told on behalf of the requesting force"));
        }
        if (!HANDOVER_ID_SHAPE.matcher(handoverId).matches()) {
            v.add(new FieldViolation(Fields.HANDOVER_ID, Rules.HANDOVER_ID_FORMAT,
                    "a handover id is CH- and up to 37 letters, digits or hyphens"));
        }
        if (event.concernsOneAuthority() && authority.isEmpty()) {
            v.add(new FieldViolation(Fields.AUTHORITY, Rules.AUTHORITY_REQUIRED,
                    "this deadline concerns one asked authority, which must be named"));
        }
        if (authority.isPresent() && !authority.get().equals(suiteAuthority)
                && !authority.equals(responsibleAuthority)) {
            v.add(new FieldViolation(Fields.AUTHORITY, Rules.AUTHORITY_ASKED,
                    "the authority is the suite or the responsible authority"));
        }
        MissingEpisodeNotice.checkReference(Fields.CUSTODY_REFERENCE, custodyReference, v);
        MissingEpisodeNotice.text(v, Fields.ESCALATION_CONTACT, escalationContact.orElse(null), MAX_CONTACT_LENGTH);
        MissingEpisodeNotice.text(v, Fields.PROMPT, prompt, MAX_PROMPT_LENGTH);
        InvalidNoticeException.throwIfAny(v);
    }

    /** The asked authorities: the suite authority, and the responsible authority when it is another. */
    public List<DfeLaCode> askedAuthorities() {
        return CustodyHandoverNotice.askedAuthorities(suiteAuthority, responsibleAuthority);
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.CUSTODY_HANDOVER_DEADLINE;
    }

    /** Identifiers only, never personal data. */
    @Override
    public String toString() {
        return "HandoverDeadlineNotice[exchangeId=" + exchangeId + ", handoverId=" + handoverId + ", event=" + event
                + "]";
    }

    @Override
    public Map<String, String> fields() {
        Map<String, String> f = new HashMap<>();
        f.put(Fields.HANDOVER_ID, handoverId);
        f.put(Fields.EVENT, event.code());
        authority.ifPresent(a -> f.put(Fields.AUTHORITY, a.value()));
        f.put(Fields.DUE_AT, dueAt.toString());
        f.put(Fields.FORCE, force.value());
        f.put(Fields.CUSTODY_REFERENCE, custodyReference);
        f.put(Fields.SUITE_AUTHORITY, suiteAuthority.value());
        responsibleAuthority.ifPresent(a -> f.put(Fields.RESPONSIBLE_AUTHORITY, a.value()));
        escalationContact.ifPresent(c -> f.put(Fields.ESCALATION_CONTACT, c));
        f.put(Fields.PROMPT, prompt);
        return MissingEpisodeNotice.inCatalogueOrder(f, exchangeType().fields());
    }

    /** The contract's audit facts: what the Concordat figures count, identifiers and codes only. */
    @Override
    public Map<String, String> auditFacts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("custody.force", force.value());
        authority.ifPresent(a -> facts.put("deadline.authority", a.value()));
        facts.put("deadline.dueAt", dueAt.toString());
        facts.put("deadline.event", event.code());
        facts.put("handover.id", handoverId);
        return facts;
    }
}
