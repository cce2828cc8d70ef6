package org.bridgeway.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.bridgeway.directory.AuthorityDirectory;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.handover.report.AuditEntries;
import org.bridgeway.handover.report.ConcordatFigures;
import org.bridgeway.handover.report.ConcordatReport;
import org.bridgeway.handover.report.Times;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.workflow.ReturnInterviewFigures;

/**
 * The data protection officer's figures for their own organisation over a period they choose: the Concordat on
 * Children in Custody figures (from {@link ConcordatReport}, scoped exactly as the report API scopes a force or an
 * authority calling it) and, for a local authority, its return home interview figures
 * ({@link ReturnInterviewFigures}). Counts and times only: nothing here names a child or a person.
 */
public final class FiguresView {
    /** The period shown when none is chosen: the last 30 days, today included. */
    static final int DEFAULT_DAYS = 30;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.UK);

    private final ConcordatReport concordat;
    private final ReturnInterviewFigures interviews;
    private final Clock clock;

    public FiguresView(ConcordatReport concordat, ReturnInterviewFigures interviews, Clock clock) {
        this.concordat = concordat;
        this.interviews = interviews;
        this.clock = clock;
    }

    /** The figures of a running gateway: its audit log (as the report API reads it) and its interview tasks. */
    public static FiguresView of(Gateway gateway) {
        return new FiguresView(new ConcordatReport(AuditEntries.of(gateway.auditLog())),
                new ReturnInterviewFigures(gateway.dataSource()), Clock.systemUTC());
    }

    /** A period field's error, shown beside the field it names and linked from the summary above the form. */
    public record FieldError(String field, String message) {
        public String id() {
            return field;
        }
    }

    /** One figure: what it counts, in words, and its value. */
    public record Line(String label, String value) {
    }

    /** A count broken down by kind, as a table with its caption; {@code none} when there is nothing to break down. */
    public record Breakdown(String id, String caption, String kind, List<Line> lines) {
        public boolean none() {
            return lines.isEmpty();
        }
    }

    /** The Concordat figures of the organisation's handovers requested in the period. */
    public record Concordat(String whose, List<Line> counts, List<Breakdown> breakdowns, List<Line> times) {
    }

    /** The return home interview figures of the authority's children who returned in the period. */
    public record Interviews(List<Line> counts, String inTime) {
    }

    /**
     * What the page shows: the period as asked (kept as typed, for the form), its errors, and, when it is right, the
     * figures; {@code interviews} only for a local authority, {@code concordat} only for a force or an authority.
     */
    public record Shown(Map<String, String> form, List<FieldError> errors, String period, Concordat concordat,
                        Interviews interviews, boolean noFigures) {
    }

    /**
     * The figures for {@code person}'s organisation over the days {@code fromText} to {@code toText} (dates as a date
     * input sends them, both included, in England), or the last {@link #DEFAULT_DAYS} days when neither is given.
     */
    public Shown show(ConsolePerson person, String fromText, String toText) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, AuthorityDirectory.ENGLAND);
        boolean chosen = !blank(fromText) || !blank(toText);
        Map<String, String> form = new HashMap<>();
        form.put("from", chosen ? strip(fromText) : today.minusDays(DEFAULT_DAYS - 1L).toString());
        form.put("to", chosen ? strip(toText) : today.toString());
        List<FieldError> errors = new ArrayList<>();
        Optional<LocalDate> from = date(form.get("from"), "from", "the first day", errors);
        Optional<LocalDate> to = date(form.get("to"), "to", "the last day", errors);
        if (from.isPresent() && to.isPresent()) {
            if (from.get().isAfter(to.get())) {
                errors.add(new FieldError("from", "The first day must be on or before the last day"));
            } else if (to.get().isAfter(from.get().plusYears(1))) {
                errors.add(new FieldError("to", "The period can be a year at most: choose a last day on or before "
                        + SHOWN.format(from.get().plusYears(1))));
            }
        }
        if (!errors.isEmpty()) {
            return new Shown(form, errors, null, null, null, false);
        }
        // the days as the report API counts them: from the first day's midnight in England to the midnight after
        // the last
        Instant start = from.orElseThrow().atStartOfDay(AuthorityDirectory.ENGLAND).toInstant();
        Instant end = to.orElseThrow().plusDays(1).atStartOfDay(AuthorityDirectory.ENGLAND).toInstant();
        String period = SHOWN.format(from.get()) + " to " + SHOWN.format(to.get());
        OrganisationType type = person.organisation().type();
        String code = person.organisation().code();
        if (type == OrganisationType.POLICE_FORCE) {
            return new Shown(form, errors, period, concordat(concordat.report(start, end,
                    ConcordatReport.Scope.force(code)).figures(), true), null, false);
        }
        if (type == OrganisationType.LOCAL_AUTHORITY) {
            return new Shown(form, errors, period, concordat(concordat.report(start, end,
                    ConcordatReport.Scope.authority(code)).figures(), false),
                    interviews(interviews.of(new DfeLaCode(code), start, end, now)), false);
        }
        return new Shown(form, errors, period, null, null, true);
    }

    private static Concordat concordat(ConcordatFigures f, boolean force) {
        List<Line> counts = List.of(
                new Line(force ? "Requests your force made to transfer a child (PACE s.38(6))"
                        : "Requests your authority was asked to take a child (PACE s.38(6))",
                        String.valueOf(f.requests())),
                new Line("Of which for secure accommodation", String.valueOf(f.secureRequests())),
                new Line("Children transferred to local authority accommodation", String.valueOf(f.transfers())),
                new Line("Certificates that a child stayed in police custody (PACE s.38(7))",
                        String.valueOf(f.certificates())),
                new Line("Of which saying the local authority failed to provide accommodation",
                        String.valueOf(f.authorityFailedToProvide())));
        List<Breakdown> breakdowns = List.of(
                breakdown("answers", "Answers, by kind", "Answer", f.answers()),
                breakdown("secure-outcomes", "Requests for secure accommodation, by what became of them", "Outcome",
                        f.secureOutcomes()),
                breakdown("certificates-by-limb", "Certificates, by the part of PACE s.38(6) certified", "Ground",
                        f.certificatesByLimb()),
                breakdown("certificates-by-reason", "Certificates, by reason", "Reason", f.certificatesByReason()),
                breakdown("escalations", "Deadlines missed", "Deadline", f.escalations()));
        List<Line> times = List.of(
                new Line(force ? "From the request to each authority's acknowledgement"
                        : "From the request to your acknowledgement", time(f.toAcknowledge())),
                new Line(force ? "From the request to the answer" : "From the request to your answer",
                        time(f.toAnswer())),
                new Line("From the answer to the child's collection", time(f.toCollect())));
        return new Concordat(force ? "the requests your force made" : "the requests your authority was asked",
                counts, breakdowns, times);
    }

    private static Interviews interviews(ReturnInterviewFigures.Figures f) {
        List<Line> counts = List.of(
                new Line("Children who returned (interviews to hold)", String.valueOf(f.opened())),
                new Line("Outcome recorded", String.valueOf(f.recorded())),
                new Line("Recorded within the deadline", String.valueOf(f.recordedInTime())),
                new Line("Still to be recorded", String.valueOf(f.open())),
                new Line("Still to be recorded, past the deadline", String.valueOf(f.openPastDeadline())));
        String inTime = f.percentRecordedInTime().stream()
                .mapToObj(p -> p + "% (" + f.recordedInTime() + " of " + f.opened() + ")")
                .findFirst().orElse("No child returned in this period");
        return new Interviews(counts, inTime);
    }

    private static Breakdown breakdown(String id, String caption, String kind, SortedMap<String, Integer> counts) {
        List<Line> lines = new ArrayList<>();
        counts.forEach((code, n) -> lines.add(new Line(words(code), String.valueOf(n))));
        return new Breakdown(id, caption, kind, lines);
    }

    /** A code of the Concordat figures in the words a DPO reads; a code this view does not know, as it is. */
    static String words(String code) {
        return switch (code) {
            case "ACCEPT_NON_SECURE" -> "Accepted into non-secure accommodation";
            case "ACCEPT_SECURE" -> "Accepted into secure accommodation";
            case "SECURE_UNAVAILABLE_NON_SECURE_OFFERED" -> "No secure place available, non-secure offered";
            case "UNANSWERED" -> "Not answered";
            case "IMPRACTICABLE" -> "Transfer impracticable (s.38(6)(a))";
            case "NO_SECURE_AND_INADEQUATE" ->
                    "No secure accommodation, and other accommodation would not protect the public (s.38(6)(b))";
            case "TRANSPORT_UNAVAILABLE" -> "No safe transport in time";
            case "JOURNEY_TOO_LONG_BEFORE_COURT" -> "The journey could not be made before court";
            case "TRAVEL_DISRUPTION" -> "Severe weather or travel disruption";
            case "NO_AUTHORITY_ANSWERED" -> "No authority answered in time";
            case "AUTHORITY_DID_NOT_COLLECT" -> "The authority did not collect the child in time";
            case "NO_SECURE_PUBLIC_PROTECTION" -> "No secure place, and the public needed protecting";
            case "UNSTATED" -> "Not stated";
            case "ACKNOWLEDGEMENT_OVERDUE" -> "Not acknowledged in time";
            case "ANSWER_OVERDUE" -> "Not answered in time";
            case "COLLECTION_OVERDUE" -> "Child not collected in time";
            default -> code;
        };
    }

    /**
     * "median 42 minutes; 9 in 10 took 1 hour 5 minutes or less (12 handovers)"; one handover's time alone; or that
     * nothing was measured. The 90th percentile is by nearest rank, so always a time one handover took.
     */
    static String time(Times times) {
        if (times.n() == 0) {
            return "None measured";
        }
        if (times.n() == 1) {
            return capitalised(duration(times.median().orElseThrow())) + " (1 handover)";
        }
        Duration p90 = times.p90().orElseThrow();
        return "median " + duration(times.median().orElseThrow()) + "; 9 in 10 took " + duration(p90)
                + (p90.toMinutes() < 1 ? "" : " or less") + " (" + times.n() + " handovers)";
    }

    /** A duration in days, hours and minutes, rounded down to the minute: "1 day 2 hours 5 minutes". */
    static String duration(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return "less than a minute";
        }
        List<String> parts = new ArrayList<>();
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long rest = minutes % 60;
        if (days > 0) {
            parts.add(days + (days == 1 ? " day" : " days"));
        }
        if (hours > 0) {
            parts.add(hours + (hours == 1 ? " hour" : " hours"));
        }
        if (rest > 0) {
            parts.add(rest + (rest == 1 ? " minute" : " minutes"));
        }
        return String.join(" ", parts);
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static Optional<LocalDate> date(String text, String field, String name, List<FieldError> errors) {
        if (text.isEmpty()) {
            errors.add(new FieldError(field, "Enter " + name + " of the period"));
            return Optional.empty();
        }
        try {
            // four-digit years only: a date input sends nothing else, and a year of six digits overflows the period
            if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("not yyyy-mm-dd", text, 0);
            }
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "Enter " + name + " of the period as a real date"));
            return Optional.empty();
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static String strip(String text) {
        return text == null ? "" : text.strip();
    }
}
