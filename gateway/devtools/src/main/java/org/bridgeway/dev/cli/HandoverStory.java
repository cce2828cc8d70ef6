package org.bridgeway.dev.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bridgeway.adapters.custody.CustodyHandoverJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.directory.AuthorityDirectory;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.handover.CustodyHandovers;
import org.bridgeway.handover.HandoverTimers;
import org.bridgeway.handover.report.AuditEntries;
import org.bridgeway.handover.report.ConcordatReport;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.store.TimeOrderedIds;

/**
 * The demo's night-time custody handovers (samples/custody-handover), on a gateway of its own whose clock the story
 * moves: Devon tells Somerset of Kai's placement, which puts him in the locator index; at 01:30 Avon and Somerset
 * Police ask for Kai, charged at Patchway, to be taken into local authority accommodation; the locator names Devon,
 * so both Devon's EDT and South Gloucestershire's (the custody suite's authority) see the request; South
 * Gloucestershire accepts first and collects him, and Devon is told it is resolved. At 02:10 a second child, Alex,
 * unknown to the locator, is placed by her home postcode; nobody answers: the reminders and escalations fire, the
 * custody officer is prompted, and the inspector certifies under PACE s.38(7). The night's Concordat figures end it.
 */
final class HandoverStory extends Story {
    /** Devon's placement notice, the day after Kai's placement started. */
    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final Organisation AVON_AND_SOMERSET =
            new Organisation(OrganisationType.POLICE_FORCE, "avon-and-somerset", null);
    private static final Organisation SOUTH_GLOUCESTERSHIRE =
            new Organisation(OrganisationType.LOCAL_AUTHORITY, "803", null);
    private static final Organisation DEVON = new Organisation(OrganisationType.LOCAL_AUTHORITY, "878", null);
    private static final Duration TIMER_WAIT = Duration.ofSeconds(30);
    private static final String DEADLINE_NOTICE = "custody-handover-deadline";

    private final Path samples;
    private final CustodyHandoverJsonReader reader = new CustodyHandoverJsonReader();
    private final List<String> deadlineExchanges = new ArrayList<>();

    HandoverStory(Gateway gateway, StoryClock clock, Path samples, PrintStream out, boolean json) {
        super(gateway, clock, out, json);
        this.samples = samples;
    }

    @Override
    void tell(Consumer<List<Outcome>> print) throws IOException, InterruptedException {
        if (!json) {
            out.printf("%n== Custody handovers at night: two children charged at Patchway (South Gloucestershire),"
                    + " Avon and Somerset Police (story clock starts %s)%n", WHEN.format(START));
        }
        chapter("Devon tells Somerset of Kai's placement in a children's home there: the locator index now knows"
                + " Devon is responsible for him (keyed digests only)", print, () -> {
            JsonIntakeResult read = new PlacementJsonIntake(gateway.reference(), TimeOrderedIds::next)
                    .parse(Files.readAllBytes(samples.resolve("0-devon-placement-in-somerset.json")));
            if (!(read instanceof JsonIntakeResult.Accepted accepted)) {
                throw new IllegalStateException("samples/custody-handover/0-devon-placement-in-somerset.json was"
                        + " refused: " + ((JsonIntakeResult.Refused) read).violations());
            }
            gateway.submit(accepted.notice());
        });

        String kai = request("1-kai-charged-at-patchway.request.json", "01:30, Saturday: Kai (14), charged at"
                + " Patchway and refused bail; the custody sergeant asks for local authority accommodation", print);
        step("2-south-gloucestershire-acknowledges.acknowledgement.json", kai, SOUTH_GLOUCESTERSHIRE,
                "South Gloucestershire's EDT acknowledges the request", print);
        step("3-devon-acknowledges.acknowledgement.json", kai, DEVON, "Devon's EDT acknowledges it too", print);
        step("4-south-gloucestershire-accepts.answer.json", kai, SOUTH_GLOUCESTERSHIRE, "South Gloucestershire"
                + " answers first: it accepts (an emergency foster placement) and will collect at 02:40. It owns"
                + " the handover; Devon is told it is resolved, by whom and how", print);

        String alex = request("6-alex-charged-at-patchway.request.json", "02:10: Alex (16), charged at Patchway;"
                + " unknown to the locator, so her home postcode names Bristol", print);
        HandoverTimers.Deadlines alexDue = gateway.handoverTimers().deadlinesOf(alex).orElseThrow();
        awaitDeadlines(alexDue.acknowledgeBy().minus(Duration.ofMinutes(5)), 2, "Five minutes before the"
                + " acknowledgement deadline: a reminder to each authority asked", print);
        awaitDeadlines(alexDue.acknowledgeBy(), 4, "Nobody has acknowledged: escalated to each authority's"
                + " escalation contact, and each is told the other has not acknowledged either", print);

        step("5-kai-transferred.closure.json", kai, AVON_AND_SOMERSET, "02:42: Kai is handed over to South"
                + " Gloucestershire's EDT worker; both authorities are told, and his deadlines stop", print);

        awaitDeadlines(alexDue.answerBy().minus(Duration.ofMinutes(20)), 5, "Twenty minutes before the answer"
                + " deadline: a reminder to both authorities", print);
        awaitDeadlines(alexDue.answerBy(), 6, "03:10, nobody has accepted: escalated to both authorities, and the"
                + " custody sergeant is prompted to consider the PACE s.38(7) certificate", print);
        step("7-alex-certified.closure.json", alex, AVON_AND_SOMERSET, "03:20: the inspector certifies that the"
                + " transfer is impracticable (no authority answered); both authorities receive the certificate",
                print);

        if (!json) {
            Instant night = Instant.parse("2026-12-12T00:00:00Z");
            ConcordatReport.Report figures = new ConcordatReport(AuditEntries.of(gateway.auditLog()))
                    .report(night, night.plus(Duration.ofDays(1)), ConcordatReport.Scope.force("avon-and-somerset"));
            out.printf("%n-- The night's Concordat figures for Avon and Somerset Police, from the audit trail alone"
                    + " (./bridgeway handovers report):%n%s%n", figures.toText());
        }
    }

    /** The force's request, at its request time; says who was asked and how each is reached now. */
    private String request(String file, String title, Consumer<List<Outcome>> print)
            throws IOException, InterruptedException {
        byte[] body = Files.readAllBytes(samples.resolve(file));
        String[] handoverId = new String[1];
        clock.jumpTo(requestTime(body).plusSeconds(30));
        chapter(title, print, () -> {
            CustodyHandoverNotice notice = accepted(reader.readRequest(body, AVON_AND_SOMERSET, clock.instant(),
                    TimeOrderedIds::next), file);
            gateway.submit(notice);
            CustodyHandovers.Handover handover = gateway.custodyHandovers()
                    .byRecord(PoliceForceCode.parse("avon-and-somerset"), notice.request().orElseThrow()
                            .custodyReference())
                    .orElseThrow(() -> new IllegalStateException("samples/custody-handover/" + file
                            + " was not recorded"));
            handoverId[0] = handover.handoverId();
            sayAsked(handover);
        });
        return handoverId[0];
    }

    private void sayAsked(CustodyHandovers.Handover handover) {
        if (json) {
            return;
        }
        out.printf("  HANDOVER %s: responsible authority %s (found by %s)%n", handover.handoverId(),
                handover.responsibleAuthority().map(this::name).orElse("not found"),
                handover.responsibleFoundBy());
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), AuthorityDirectory.ENGLAND);
        for (CustodyHandovers.Party party : handover.parties()) {
            AuthorityDirectory.Entry entry = gateway.directory().of(party.authority()).orElseThrow();
            out.printf("  ASKED    %s (%s): %s staffed now, %s%n", entry.name(), party.relation(),
                    entry.staffedAt(now, gateway.bankHolidays()),
                    entry.contactAt(now, gateway.bankHolidays()).phone());
        }
        HandoverTimers.Deadlines due = gateway.handoverTimers().deadlinesOf(handover.handoverId()).orElseThrow();
        out.printf("  DEADLINES acknowledge by %s, answer by %s%n", WHEN.format(due.acknowledgeBy()),
                WHEN.format(due.answerBy()));
    }

    private String name(DfeLaCode authority) {
        return gateway.directory().of(authority).map(AuthorityDirectory.Entry::name).orElse(authority.value());
    }

    /** An acknowledgement, answer or closure, by {@code sender}, at the time the file states. */
    private void step(String file, String handoverId, Organisation sender, String title,
                      Consumer<List<Outcome>> print) throws IOException, InterruptedException {
        byte[] body = Files.readAllBytes(samples.resolve(file));
        clock.jumpTo(stepTime(body).plusSeconds(30));
        chapter(title, print, () -> {
            MissingReadResult<CustodyHandoverNotice> read = switch (file.substring(file.indexOf('.') + 1)) {
                case "acknowledgement.json" -> reader.readAcknowledgement(body, handoverId, sender, clock.instant(),
                        TimeOrderedIds::next);
                case "answer.json" -> reader.readAnswer(body, handoverId, sender, clock.instant(),
                        TimeOrderedIds::next);
                case "closure.json" -> reader.readClosure(body, handoverId, sender, clock.instant(),
                        TimeOrderedIds::next);
                default -> throw new IllegalArgumentException("samples/custody-handover/" + file
                        + " is not a step the story knows");
            };
            gateway.submit(accepted(read, file));
        });
    }

    /** Moves the clock past {@code due} and waits until the gateway's timers have raised {@code total} notices. */
    private void awaitDeadlines(Instant due, int total, String title, Consumer<List<Outcome>> print)
            throws InterruptedException {
        jumpTo(due, title);
        awaitOutcomes(seen -> deadlineNoticesRaised(seen) >= total, TIMER_WAIT,
                total + " custody-handover-deadline notices");
        awaitQuiet();
        print.accept(drain());
    }

    private int deadlineNoticesRaised(List<Outcome> seen) {
        for (Outcome o : seen) {
            if (o instanceof Outcome.Delivered d && d.notice().equals(DEADLINE_NOTICE)
                    && !deadlineExchanges.contains(d.exchangeId())) {
                deadlineExchanges.add(d.exchangeId());
            }
        }
        return deadlineExchanges.size();
    }

    @Override
    protected void noticed(List<Outcome> chapter) {
        deadlineNoticesRaised(chapter);
    }

    private static Instant requestTime(byte[] body) throws IOException {
        return Instant.parse(Story.JSON.readTree(body).path("transfer").path("requestTime").asText());
    }

    /** The time the step states: acknowledged, decided, handed over or certified. */
    private static Instant stepTime(byte[] body) throws IOException {
        var tree = Story.JSON.readTree(body);
        for (String[] path : List.of(new String[] {"handover", "acknowledgedAt"},
                new String[] {"handover", "decisionTime"}, new String[] {"transfer", "handedOverAt"},
                new String[] {"certificate", "certifiedAt"})) {
            var at = tree.path(path[0]).path(path[1]);
            if (at.isTextual()) {
                return Instant.parse(at.asText());
            }
        }
        throw new IllegalArgumentException("a custody handover step without its time");
    }

    private static CustodyHandoverNotice accepted(MissingReadResult<CustodyHandoverNotice> read, String file) {
        if (read instanceof MissingReadResult.Accepted<CustodyHandoverNotice> accepted) {
            return accepted.notice();
        }
        throw new IllegalStateException("samples/custody-handover/" + file + " was refused: "
                + ((MissingReadResult.Refused<CustodyHandoverNotice>) read).violations());
    }
}
