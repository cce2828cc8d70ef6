package org.bridgeway.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to a return home interview task, told on behalf of the responsible authority (the sender): the
 * task opened when the child was found, a reminder before its deadline, overdue at the deadline, handed to another
 * organisation, or completed. Built by the gateway only, from its task record; no partner sends one.
 *
 * <p>It names the child by the authority's id only: the recipients (the task's owner, the escalation mailbox, a
 * host authority told of an overdue task) look the child up in their own records.
 */
public record ReturnInterviewTaskNotice(
        String exchangeId,
        String idempotencyKey,
        Organisation sender,
        String taskId,
        TaskEvent event,
        Instant dueAt,
        Organisation owner,
        DfeLaCode responsibleAuthority,
        Optional<String> escalationContact,
        String episodeId,
        Optional<String> policeReference,
        Optional<PoliceForceCode> reportingForce,
        Instant episodeEnd,
        Optional<String> childLocalId) implements Notice {

    public static final class Fields {
        public static final String TASK_ID = "task.id";
        /** A policy fact: a host authority is told of an overdue task only. */
        public static final String EVENT = "task.event";
        public static final String DUE_AT = "task.dueAt";
        /** The organisation id of who holds the task now, e.g. "local-authority:886". */
        public static final String OWNER = "task.owner";
        public static final String RESPONSIBLE_AUTHORITY = "task.responsibleAuthority";
        public static final String ESCALATION_CONTACT = "task.escalationContact";
        public static final String EPISODE_ID = "episode.id";
        public static final String POLICE_REFERENCE = "episode.policeReference";
        public static final String REPORTING_FORCE = "episode.reportingForce";
        public static final String END = "episode.end";
        public static final String CHILD_LOCAL_ID = ChildIdentity.Fields.LOCAL_ID;

        /** The published catalogue, {@link ExchangeType#fields()}, in its order. */
        public static final List<String> ALL = ExchangeType.RETURN_INTERVIEW_TASK.fields();

        private Fields() {
        }
    }

    public static final class Rules {
        public static final String SENDER = "task.responsibleAuthority.sender";
        public static final String DUE_BEFORE_RETURN = "task.dueAt.before-return";

        private Rules() {
        }
    }

    static final int MAX_CONTACT_LENGTH = 200;

    public ReturnInterviewTaskNotice {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(taskId, Fields.TASK_ID);
        Objects.requireNonNull(event, Fields.EVENT);
        Objects.requireNonNull(dueAt, Fields.DUE_AT);
        Objects.requireNonNull(owner, Fields.OWNER);
        Objects.requireNonNull(responsibleAuthority, Fields.RESPONSIBLE_AUTHORITY);
        escalationContact = MissingEpisodeNotice.stripped(escalationContact);
        Objects.requireNonNull(episodeId, Fields.EPISODE_ID);
        policeReference = MissingEpisodeNotice.stripped(policeReference);
        reportingForce = Objects.requireNonNullElse(reportingForce, Optional.empty());
        Objects.requireNonNull(episodeEnd, Fields.END);
        childLocalId = MissingEpisodeNotice.stripped(childLocalId);

        List<FieldViolation> v = new ArrayList<>();
        if (sender.type() != OrganisationType.LOCAL_AUTHORITY || !sender.code().equals(responsibleAuthority.value())) {
            v.add(new FieldViolation(Fields.RESPONSIBLE_AUTHORITY, Rules.SENDER,
                    "a task notice is sent on behalf of the responsible authority"));
        }
        ReturnInterviewOutcomeNotice.checkTaskId(Fields.TASK_ID, taskId, v);
        MissingEpisodeNotice.checkEpisodeId(Fields.EPISODE_ID, episodeId, v);
        if (dueAt.isBefore(episodeEnd)) {
            v.add(new FieldViolation(Fields.DUE_AT, Rules.DUE_BEFORE_RETURN,
                    "a return interview is due after the child's return"));
        }
        MissingEpisodeNotice.text(v, Fields.ESCALATION_CONTACT, escalationContact.orElse(null), MAX_CONTACT_LENGTH);
        policeReference.ifPresent(r -> MissingEpisodeNotice.checkReference(Fields.POLICE_REFERENCE, r, v));
        childLocalId.ifPresent(id -> v.addAll(ChildIdentity.checkLocalId(Fields.CHILD_LOCAL_ID, id)));
        InvalidNoticeException.throwIfAny(v);
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.RETURN_INTERVIEW_TASK;
    }

    /** Identifiers only, never personal data. */
    @Override
    public String toString() {
        return "ReturnInterviewTaskNotice[exchangeId=" + exchangeId + ", taskId=" + taskId + ", event=" + event
                + ", episodeId=" + episodeId + "]";
    }

    @Override
    public Map<String, String> fields() {
        Map<String, String> f = new HashMap<>();
        f.put(Fields.TASK_ID, taskId);
        f.put(Fields.EVENT, event.code());
        f.put(Fields.DUE_AT, dueAt.toString());
        f.put(Fields.OWNER, owner.id());
        f.put(Fields.RESPONSIBLE_AUTHORITY, responsibleAuthority.value());
        escalationContact.ifPresent(x -> f.put(Fields.ESCALATION_CONTACT, x));
        f.put(Fields.EPISODE_ID, episodeId);
        policeReference.ifPresent(x -> f.put(Fields.POLICE_REFERENCE, x));
        reportingForce.ifPresent(x -> f.put(Fields.REPORTING_FORCE, x.value()));
        f.put(Fields.END, episodeEnd.toString());
        childLocalId.ifPresent(x -> f.put(Fields.CHILD_LOCAL_ID, x));
        return MissingEpisodeNotice.inCatalogueOrder(f, exchangeType().fields());
    }
}
