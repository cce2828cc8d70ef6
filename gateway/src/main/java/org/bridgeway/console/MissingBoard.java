package org.bridgeway.console;

import static org.bridgeway.console.FormDocuments.ENGLAND;
import static org.bridgeway.console.FormDocuments.SHOWN;
import static org.bridgeway.console.FormDocuments.given;
import static org.bridgeway.console.FormDocuments.putIfGiven;
import static org.bridgeway.console.FormDocuments.putYesNo;
import static org.bridgeway.console.FormDocuments.sentence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.adapters.missing.ReturnInterviewOutcomeJsonReader;
import org.bridgeway.fault.Fault;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Referral;
import org.bridgeway.model.ReturnInterviewOutcomeNotice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.store.TimeOrderedIds;
import org.bridgeway.workflow.EpisodeRecords;
import org.bridgeway.workflow.JdbcReturnInterviewTasks;
import org.bridgeway.workflow.MissingEpisodes;
import org.bridgeway.workflow.ReturnInterviewOutcomeAdmission;
import org.bridgeway.workflow.ReturnInterviewTask;

/**
 * The missing-children board: the episodes an organisation is a party to that are not yet closed, the children
 * missing now first and the highest risk first among them; and the return home interviews it holds or is
 * responsible for, each counting down to its 72-hour deadline. A council records an interview's outcome from a form
 * made into the document the API takes, read by the same reader, admitted by the same rule
 * ({@link ReturnInterviewOutcomeAdmission}) and sent down the same pipeline. The board shows identifiers, codes and
 * times only: the child's details are in the notices of the inbox, where reading them is audited.
 */
public final class MissingBoard {
    /** More lines than any one organisation's board holds at once; a longer one says it is cut. */
    static final int MOST_LINES = 200;
    /** With its seconds, which the outcome's schema asks for and {@code OffsetDateTime.toString} leaves out at :00. */
    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    /** The outcome form's fields, in the order asked, named as the document's fields are. */
    static final List<String> FIELDS = List.of("child.localId", "child.givenName", "child.familyName",
            "child.dateOfBirth", "interview.offered", "interview.offeredDate", "interview.accepted",
            "interview.date", "interview.time", "interview.completedBy", "interview.provider",
            "interview.notHeldReason", "interview.reasonsForMissing", "interview.whereabouts",
            "interview.associates", "interview.exploitationConcerns", "interview.healthConcerns",
            "interview.harmDisclosed", "interview.actions", "interview.referrals", "interview.childView");
    /** The free-text answers, each a paragraph: what the child said, and what is being done. */
    static final List<String> ACCOUNTS = List.of("interview.notHeldReason", "interview.reasonsForMissing",
            "interview.whereabouts", "interview.associates", "interview.exploitationConcerns",
            "interview.healthConcerns", "interview.actions", "interview.childView");

    private final MissingEpisodes episodes;
    private final JdbcReturnInterviewTasks tasks;
    private final ReturnInterviewOutcomeAdmission admission;
    private final Function<Notice, Dispatch> pipeline;
    private final Supplier<String> exchangeIds;
    private final Clock clock;
    private static final ReturnInterviewOutcomeJsonReader READER = new ReturnInterviewOutcomeJsonReader();

    public MissingBoard(MissingEpisodes episodes, JdbcReturnInterviewTasks tasks, Function<Notice, Dispatch> pipeline,
                        Supplier<String> exchangeIds, Clock clock) {
        this.episodes = episodes;
        this.tasks = tasks;
        this.admission = new ReturnInterviewOutcomeAdmission(tasks, EpisodeRecords.from(episodes));
        this.pipeline = pipeline;
        this.exchangeIds = exchangeIds;
        this.clock = clock;
    }

    /** The board over a running gateway: its episode record, its interview tasks and its pipeline. */
    public static MissingBoard of(Gateway gateway) {
        return new MissingBoard(gateway.missingEpisodes(), gateway.returnInterviews(), gateway::submit,
                TimeOrderedIds::next, Clock.systemUTC());
    }

    /** An episode on the board: who reported it, how grave, since when, and the police's reference. */
    public record EpisodeLine(String episodeId, boolean missingNow, String state, String type, String risk,
                              String riskTag, String reportedBy, String policeReference, String responsibleAuthority,
                              String since, String foundAt) {
    }

    /** An interview task on the board, with its deadline for the page's countdown (which runs in the browser). */
    public record TaskLine(String taskId, String episodeId, String holder, String responsibleAuthority,
                           String returned, String dueAt, String due, boolean open, boolean overdue,
                           boolean recordable, String state) {
    }

    /** The organisation's episodes not yet closed, and whether there were more than the board shows. */
    public record Episodes(List<EpisodeLine> lines, boolean cut) {
    }

    /** A field's error on the outcome form, next to the field it names. */
    public record FieldError(String field, String message) {
        /** The id of the form's input the error summary links to: the first choice of a yes/no question. */
        public String anchor() {
            return switch (field) {
                case "interview.offered", "interview.accepted", "interview.harmDisclosed" ->
                        field.replace('.', '-') + "-yes";
                case "interview.referrals" -> "interview-referrals-NRM";
                default -> field.replace('.', '-');
            };
        }
    }

    /** What became of an outcome: sent, or why not (the form's errors, or the admission rule's refusal). */
    public sealed interface Result {
        record Sent(String exchangeId, boolean duplicate) implements Result {
        }

        record Invalid(List<FieldError> errors) implements Result {
        }

        record Refused(String message) implements Result {
        }

        /** Read and valid, not yet admitted or sent. */
        record Read(ReturnInterviewOutcomeNotice outcome) implements Result {
        }
    }

    public Episodes episodes(ConsolePerson person) {
        List<MissingEpisodes.Episode> found = episodes.notClosedFor(person.organisation(), MOST_LINES + 1);
        return new Episodes(found.stream().limit(MOST_LINES).map(MissingBoard::line).toList(),
                found.size() > MOST_LINES);
    }

    /** The interviews the organisation holds or answers for: the open ones, soonest due first. */
    public List<TaskLine> openTasks(ConsolePerson person) {
        return tasks.tasksOf(person.organisation(), MOST_LINES).stream().filter(ReturnInterviewTask::open)
                .map(t -> line(person, t)).toList();
    }

    /** The task, if the person's organisation holds it or answers for it. */
    public Optional<TaskLine> task(ConsolePerson person, String taskId) {
        return tasks.task(taskId).filter(t -> t.heldBy(person.organisation())).map(t -> line(person, t));
    }

    /**
     * The child's id in the responsible council's records, as the episode's report gave it, to fill in the form for
     * that council: the person writing the outcome need not look it up again.
     */
    public Optional<String> childLocalId(ConsolePerson person, TaskLine task) {
        return Optional.of(task).filter(t -> t.responsibleAuthority().equals(person.organisation().id()))
                .flatMap(t -> episodes.byId(t.episodeId())).flatMap(MissingEpisodes.Episode::childLocalId);
    }

    /**
     * Records the outcome the form gives for the task. The episode, the task and the responsible authority come
     * from the task, never from the form; the interview's time is the date and time the form gives, in England.
     */
    public Result record(ConsolePerson person, String taskId, Map<String, String> form) {
        Optional<ReturnInterviewTask> task = tasks.task(taskId).filter(t -> t.heldBy(person.organisation()));
        if (task.isEmpty()) {
            return new Result.Refused("This return home interview is not one your organisation holds.");
        }
        Result read = read(task.get(), form, person, clock.instant(), exchangeIds);
        if (!(read instanceof Result.Read valid)) {
            return read;
        }
        ReturnInterviewOutcomeNotice outcome = valid.outcome();
        Optional<ReturnInterviewOutcomeAdmission.Refusal> refusal = admission.refusalOf(outcome);
        if (refusal.isPresent()) {
            return new Result.Refused(sentence(refusal.get().message()) + ".");
        }
        try {
            Dispatch dispatch = pipeline.apply(outcome);
            return new Result.Sent(dispatch.exchangeId(), dispatch.duplicate());
        } catch (RuntimeException e) {
            if (Fault.of(e) instanceof Fault.Refused refused) {
                return new Result.Refused(refused.refusal().getMessage());
            }
            throw e;
        }
    }

    /**
     * The outcome the form gives, read as the API reads its document: the notice, or each error beside its field.
     * Nothing is sent.
     */
    static Result read(ReturnInterviewTask task, Map<String, String> form, ConsolePerson person, Instant now,
                       Supplier<String> exchangeIds) {
        Optional<ObjectNode> document = document(task, form);
        if (document.isEmpty()) {
            return new Result.Invalid(List.of(new FieldError("interview.date",
                    "Enter both the day and the time the interview was held")));
        }
        MissingReadResult<ReturnInterviewOutcomeNotice> read = READER.read(FormDocuments.bytes(document.get()),
                person.organisation(), now, exchangeIds);
        if (read instanceof MissingReadResult.Refused<ReturnInterviewOutcomeNotice> refused) {
            Map<String, FieldError> byField = new LinkedHashMap<>();
            refused.violations().forEach(v -> byField.putIfAbsent(formField(v.field()),
                    new FieldError(formField(v.field()), sentence(v.message()))));
            return new Result.Invalid(List.copyOf(byField.values()));
        }
        return new Result.Read(((MissingReadResult.Accepted<ReturnInterviewOutcomeNotice>) read).notice());
    }

    /** The document the API takes, from the task and the form; empty when only one of day and time held is given. */
    static Optional<ObjectNode> document(ReturnInterviewTask task, Map<String, String> form) {
        ObjectNode document = FormDocuments.document();
        document.putObject("episode").put("id", task.episodeId());
        ObjectNode child = document.putObject("child");
        for (String field : List.of("localId", "givenName", "familyName", "dateOfBirth")) {
            putIfGiven(child, field, form.get("child." + field));
        }
        ObjectNode interview = document.putObject("interview");
        interview.put("taskId", task.taskId());
        interview.put("localAuthority", task.responsibleAuthority().value());
        putYesNo(interview, "offered", form.get("interview.offered"));
        putIfGiven(interview, "offeredDate", form.get("interview.offeredDate"));
        putYesNo(interview, "accepted", form.get("interview.accepted"));
        String date = given(form.get("interview.date"));
        String time = given(form.get("interview.time"));
        if ((date == null) != (time == null)) {
            return Optional.empty();
        }
        if (date != null) {
            interview.put("date", heldAt(date, time));
        }
        putIfGiven(interview, "completedBy", form.get("interview.completedBy"));
        putIfGiven(interview, "provider", form.get("interview.provider"));
        for (String field : ACCOUNTS) {
            putIfGiven(interview, field.substring("interview.".length()), form.get(field));
        }
        putYesNo(interview, "harmDisclosed", form.get("interview.harmDisclosed"));
        String referrals = given(form.get("interview.referrals"));
        if (referrals != null) {
            ArrayNode chosen = interview.putArray("referrals");
            Arrays.stream(referrals.split(",")).map(String::strip).filter(r -> !r.isEmpty()).forEach(chosen::add);
        }
        return Optional.of(document);
    }

    /** The held time in England as RFC 3339 with its offset; as typed when it is not a day and time, for the reader. */
    private static String heldAt(String date, String time) {
        try {
            return RFC_3339.format(LocalDate.parse(date).atTime(LocalTime.parse(time)).atZone(ENGLAND));
        } catch (DateTimeParseException e) {
            return date + "T" + time;
        }
    }

    /** The referrals to choose from, with the words a council uses for them. */
    public static List<Map<String, Object>> referralChoices(String chosen) {
        List<String> picked = chosen == null ? List.of() : Arrays.asList(chosen.split(","));
        List<Map<String, Object>> choices = new ArrayList<>();
        for (Referral referral : Referral.values()) {
            choices.add(Map.of("code", referral.code(), "text", referralText(referral),
                    "checked", picked.contains(referral.code())));
        }
        return choices;
    }

    private static String referralText(Referral referral) {
        return switch (referral) {
            case NRM -> "National Referral Mechanism (trafficking or modern slavery)";
            case CAMHS -> "Child and adolescent mental health services";
            case SEXUAL_HEALTH -> "Sexual health services";
            case SUBSTANCE_MISUSE -> "Substance misuse services";
            case EARLY_HELP -> "Early help";
            case S47 -> "Section 47 enquiry (Children Act 1989)";
            case OTHER -> "Another service";
        };
    }

    /** The form field a document field's error belongs to: the field itself, or the one it is part of. */
    static String formField(String documentField) {
        if (documentField == null || documentField.isBlank()) {
            return "interview.offered";
        }
        String field = documentField.startsWith("/") ? documentField.substring(1).replace('/', '.') : documentField;
        if (FIELDS.contains(field)) {
            return field;
        }
        return FIELDS.stream().filter(f -> field.startsWith(f + ".") || field.startsWith(f + "["))
                .findFirst().orElse(field.startsWith("child") ? "child.localId" : "interview.offered");
    }

    private static EpisodeLine line(MissingEpisodes.Episode e) {
        boolean missingNow = e.state() == MissingEpisodes.State.OPEN;
        return new EpisodeLine(e.episodeId(), missingNow, missingNow ? "Missing now" : "Found",
                "A".equals(e.type()) ? "Away without authorisation" : "Missing",
                riskText(e.riskLevel()), riskTag(e.riskLevel()), e.reporter(), e.policeReference().orElse(null),
                "local-authority:" + e.responsibleAuthority().value(), SHOWN.format(e.start()),
                e.end().map(SHOWN::format).orElse(null));
    }

    private TaskLine line(ConsolePerson person, ReturnInterviewTask t) {
        Instant now = clock.instant();
        return new TaskLine(t.taskId(), t.episodeId(), t.owner().id(),
                "local-authority:" + t.responsibleAuthority().value(), SHOWN.format(t.returnedAt()),
                t.dueAt().toString(), SHOWN.format(t.dueAt()), t.open(), t.open() && now.isAfter(t.dueAt()),
                t.open() && ConsoleAuthorisation.allows(person, ConsoleView.RHI_OUTCOME)
                        && t.heldBy(person.organisation()),
                t.open() ? "To be held" : "Outcome recorded");
    }

    private static String riskText(String risk) {
        return switch (risk == null ? "" : risk) {
            case "HIGH" -> "High risk";
            case "MEDIUM" -> "Medium risk";
            case "LOW" -> "Low risk";
            case "NO_APPARENT_RISK" -> "No apparent risk";
            default -> "Risk not graded";
        };
    }

    private static String riskTag(String risk) {
        return switch (risk == null ? "" : risk) {
            case "HIGH" -> "govuk-tag--red";
            case "MEDIUM" -> "govuk-tag--orange";
            case "LOW" -> "govuk-tag--yellow";
            default -> "govuk-tag--grey";
        };
    }
}
