package org.bridgeway.console;

import static org.bridgeway.console.FormDocuments.ENGLAND;
import static org.bridgeway.console.FormDocuments.SHOWN;
import static org.bridgeway.console.FormDocuments.putIfGiven;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bridgeway.adapters.custody.CustodyHandoverJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.fault.Fault;
import org.bridgeway.handover.CustodyHandovers;
import org.bridgeway.handover.HandoverTimers;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.HandoverDecision;
import org.bridgeway.model.Notice;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.PoliceForceCode;

/**
 * The custody handover board: a force's open requests, or the handovers an authority was asked to take, each with
 * its deadlines; and an asked authority's acknowledgement and answer, made from the console's forms into the very
 * JSON documents the API takes, read by the same reader and sent down the same pipeline, so a form can do nothing
 * the API refuses and is refused with the same rules. An answer always accepts the child (an authority cannot refuse
 * a PACE s.38(6) transfer); only a secure request may be answered with secure accommodation or its unavailability.
 */
public final class HandoverBoard {

    private final CustodyHandovers handovers;
    private final HandoverTimers timers;
    private final Function<Notice, ?> pipeline;
    private final Supplier<String> exchangeIds;
    private final Clock clock;
    private final CustodyHandoverJsonReader reader = new CustodyHandoverJsonReader();

    /** @param pipeline sends a notice down the gateway's pipeline (its decisions, audit and deliveries) */
    public HandoverBoard(CustodyHandovers handovers, HandoverTimers timers, Function<Notice, ?> pipeline,
                         Supplier<String> exchangeIds, Clock clock) {
        this.handovers = handovers;
        this.timers = timers;
        this.pipeline = pipeline;
        this.exchangeIds = exchangeIds;
        this.clock = clock;
    }

    /** A deadline: when (for the page's countdown, which runs in the browser) and as read. */
    public record Deadline(String label, String at, String shown) {
    }

    /** A handover on the board. Nothing about the child: the custody record's reference is the police's id. */
    public record Line(String handoverId, String force, String custodyReference, boolean open, String state,
                       String requested, boolean secureRequested, List<Deadline> deadlines, String owner,
                       String decision) {
    }

    /** A field's error on the answer form, next to the field it names. */
    public record FieldError(String field, String message) {
        private static final List<String> INPUTS = List.of("accommodationOffered", "collectionTime",
                "transportArrangements");

        /** Where the error summary's link takes the focus: the field's input, the first answer for the rest. */
        public String anchor() {
            return INPUTS.contains(field) ? field : "decision-" + HandoverDecision.ACCEPT_NON_SECURE.name();
        }
    }

    /** What became of an acknowledgement or answer: done, or why not (the form's errors, or a rule's refusal). */
    public sealed interface Result {
        record Done() implements Result {
        }

        record Invalid(List<FieldError> errors) implements Result {
        }

        record Refused(String message) implements Result {
        }
    }

    public List<Line> open(ConsolePerson person) {
        OrganisationType type = person.organisation().type();
        if (type != OrganisationType.POLICE_FORCE && type != OrganisationType.LOCAL_AUTHORITY) {
            return List.of(); // only forces ask, and only authorities are asked
        }
        List<CustodyHandovers.Handover> open = type == OrganisationType.POLICE_FORCE
                ? handovers.openOfForce(new PoliceForceCode(person.organisation().code()))
                : handovers.openAskedOf(DfeLaCode.parse(person.organisation().code()));
        return open.stream().map(this::line).toList();
    }

    /** The handover, if the person's organisation requested it or was asked to take the child. */
    public Optional<Line> one(ConsolePerson person, String handoverId) {
        return handovers.byId(handoverId).filter(h -> concerns(person, h)).map(this::line);
    }

    public Result acknowledge(ConsolePerson person, String handoverId) {
        ObjectNode handover = FormDocuments.document();
        handover.put("acknowledgedAt", now());
        handover.put("acknowledgedBy", person.displayName());
        return submit(person, handoverId, handover, (body, id) -> reader.readAcknowledgement(body, id,
                person.organisation(), clock.instant(), exchangeIds));
    }

    /**
     * Accepts the child as the form says: {@code decision}, {@code accommodationOffered}, {@code collectionTime}
     * (the local date and time the form's field gives, in England) and {@code transportArrangements}.
     */
    public Result answer(ConsolePerson person, String handoverId, Map<String, String> form) {
        ObjectNode handover = FormDocuments.document();
        handover.put("decision", form.getOrDefault("decision", ""));
        handover.put("decisionTime", now());
        handover.put("decisionMaker", person.displayName());
        putIfGiven(handover, "accommodationOffered", form.get("accommodationOffered"));
        putIfGiven(handover, "transportArrangements", form.get("transportArrangements"));
        String collection = form.get("collectionTime");
        if (collection != null && !collection.isBlank()) {
            try {
                handover.put("collectionTime", LocalDateTime.parse(collection.strip()).atZone(ENGLAND)
                        .toOffsetDateTime().toString());
            } catch (DateTimeParseException e) {
                return new Result.Invalid(List.of(new FieldError("collectionTime",
                        "Enter the collection time as a date and a time, like 4 December 2026 at 23:30")));
            }
        }
        return submit(person, handoverId, handover, (body, id) -> reader.readAnswer(body, id, person.organisation(),
                clock.instant(), exchangeIds));
    }

    private interface Reading {
        MissingReadResult<CustodyHandoverNotice> read(byte[] body, String handoverId);
    }

    private Result submit(ConsolePerson person, String handoverId, ObjectNode step, Reading reading) {
        if (one(person, handoverId).isEmpty()) {
            return new Result.Refused("This handover is not one your organisation was asked to take.");
        }
        ObjectNode document = FormDocuments.document();
        document.set("handover", step);
        MissingReadResult<CustodyHandoverNotice> read = reading.read(FormDocuments.bytes(document), handoverId);
        if (read instanceof MissingReadResult.Refused<CustodyHandoverNotice> refused) {
            return new Result.Invalid(refused.violations().stream()
                    .map(v -> new FieldError(formField(v.field()), v.message())).toList());
        }
        try {
            pipeline.apply(((MissingReadResult.Accepted<CustodyHandoverNotice>) read).notice());
        } catch (RuntimeException e) {
            if (Fault.of(e) instanceof Fault.Refused refused) {
                return new Result.Refused(refused.refusal().getMessage());
            }
            throw e;
        }
        return new Result.Done();
    }

    /** "handover.decision" → "decision": the form names its fields as the document's last segment. */
    private static String formField(String documentField) {
        return documentField == null ? "" : documentField.substring(documentField.lastIndexOf('.') + 1);
    }

    private boolean concerns(ConsolePerson person, CustodyHandovers.Handover h) {
        if (person.organisation().type() == OrganisationType.POLICE_FORCE) {
            return h.force().value().equals(person.organisation().code());
        }
        return h.parties().stream().anyMatch(p -> p.authority().value().equals(person.organisation().code()));
    }

    private Line line(CustodyHandovers.Handover h) {
        List<Deadline> deadlines = new ArrayList<>();
        timers.deadlinesOf(h.handoverId()).ifPresent(d -> {
            if (h.state() == CustodyHandovers.State.OPEN) { // once answered, only the collection is still to come
                deadlines.add(deadline("Acknowledge by", d.acknowledgeBy()));
                deadlines.add(deadline("Answer by", d.answerBy()));
            }
            d.collectBy().ifPresent(c -> deadlines.add(deadline("Collect by", c)));
        });
        return new Line(h.handoverId(), "police:" + h.force().value(), h.custodyReference(),
                h.state() == CustodyHandovers.State.OPEN, stateOf(h),
                SHOWN.format(h.requestedAt()), "SECURE".equals(h.accommodationRequested()), deadlines,
                h.owner().map(o -> "local-authority:" + o.value()).orElse(null),
                h.decision().map(HandoverBoard::decisionText).orElse(null));
    }

    private static Deadline deadline(String label, Instant at) {
        return new Deadline(label, at.toString(), SHOWN.format(at));
    }

    private static String stateOf(CustodyHandovers.Handover h) {
        return switch (h.state()) {
            case OPEN -> "Waiting for an answer";
            case ANSWERED -> "Answered";
            case TRANSFERRED -> "Transferred";
            case CERTIFIED -> "Certified: the child stays in police detention";
        };
    }

    /** The lawful answers to a request, in words: secure ones only when secure accommodation was requested. */
    public static List<Map<String, Object>> lawfulAnswers(boolean secureRequested) {
        List<Map<String, Object>> answers = new ArrayList<>();
        for (HandoverDecision d : HandoverDecision.values()) {
            if (d == HandoverDecision.ACCEPT_NON_SECURE || secureRequested) {
                Map<String, Object> option = new LinkedHashMap<>();
                option.put("code", d.name());
                option.put("text", decisionText(d.name()));
                answers.add(option);
            }
        }
        return answers;
    }

    static String decisionText(String decision) {
        return switch (decision) {
            case "ACCEPT_NON_SECURE" -> "Accept: the child comes into non-secure accommodation";
            case "ACCEPT_SECURE" -> "Accept: the child comes into secure accommodation";
            case "SECURE_UNAVAILABLE_NON_SECURE_OFFERED" -> "Accept: no secure place is available, non-secure offered";
            default -> decision;
        };
    }

    private String now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.SECONDS), ENGLAND).toString();
    }
}
