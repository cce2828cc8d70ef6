package org.bridgeway.dev.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bridgeway.adapters.missing.MissingEpisodeJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.adapters.missing.ReturnInterviewOutcomeJsonReader;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.store.TimeOrderedIds;
import org.bridgeway.workflow.ReturnInterviewTask;

/**
 * The demo's missing-child story (samples/missing), on a gateway of its own whose clock the story moves: Kent's
 * looked-after child placed in Manchester goes missing, Greater Manchester Police report it and raise the risk,
 * she is found in Preston, the return home interview task opens, reminds and escalates as its deadline passes,
 * and Kent's interview outcome goes back to both forces and the host authority.
 */
final class MissingStory extends Story {
    /** The story starts just after the force's report: the gateway refuses times more than 5 minutes ahead. */
    static final Instant START = Instant.parse("2026-10-03T21:05:30Z");
    private static final Organisation KENT = new Organisation(OrganisationType.LOCAL_AUTHORITY, "886", null);
    private static final Organisation GREATER_MANCHESTER_POLICE =
            new Organisation(OrganisationType.POLICE_FORCE, "greater-manchester", null);
    private static final Duration TIMER_WAIT = Duration.ofSeconds(20);

    private final Path samples;

    MissingStory(Gateway gateway, StoryClock clock, Path samples, PrintStream out, boolean json) {
        super(gateway, clock, out, json);
        this.samples = samples;
    }

    @Override
    void tell(Consumer<List<Outcome>> print) throws IOException, InterruptedException {
        if (!json) {
            out.printf("%n== A missing child: Riley, looked after by Kent, placed in Manchester"
                    + " (story clock starts %s)%n", WHEN.format(START));
        }
        chapter("Kent tells Manchester and its police of the placement (samples/placements)", print, () -> {
            PlacementJsonIntake placements = new PlacementJsonIntake(gateway.reference(), TimeOrderedIds::next);
            JsonIntakeResult read = placements.parse(Files.readAllBytes(samples.getParent()
                    .resolve("placements").resolve("01-emergency-placement-manchester.json")));
            gateway.submit(((JsonIntakeResult.Accepted) read).notice());
        });
        String episodeId = submitEpisode("1-reported-by-greater-manchester-police.json",
                "Greater Manchester Police report Riley missing from her placement (medium risk)", print);
        submitEpisode("2-regraded-high.json", "The force raises the risk to HIGH: a strategy discussion is prompted",
                print);
        submitEpisode("3-found-in-preston.json", "Riley is found in Preston (Lancashire), a third area: the return"
                + " home interview task opens for Kent, due 72 hours after her return", print);
        ReturnInterviewTask task = gateway.returnInterviews().byEpisode(episodeId).orElseThrow();
        awaitTaskNotices(1);
        print.accept(drain());

        jumpTo(task.dueAt().minus(Duration.ofHours(24)), "24 hours before the deadline: a reminder to Kent");
        awaitTaskNotices(2);
        print.accept(drain());
        jumpTo(task.dueAt(), "The deadline passes with no outcome: the task is overdue, escalated to Kent's"
                + " escalation mailbox, and Manchester (the host authority) is told");
        awaitTaskNotices(3);
        print.accept(drain());

        ObjectNode outcome = (ObjectNode) JSON.readTree(samples.resolve("4-return-interview-outcome.json").toFile());
        ((ObjectNode) outcome.get("episode")).put("id", episodeId);
        clock.jumpTo(Instant.parse("2026-10-07T16:30:00Z"));
        chapter("Kent's return home interview outcome goes back to both forces and the host authority, each told"
                + " what its agreement permits; the task is complete", print, () -> {
            MissingReadResult<?> read = new ReturnInterviewOutcomeJsonReader().read(JSON.writeValueAsBytes(outcome),
                    KENT, clock.instant(), TimeOrderedIds::next);
            gateway.submit(accepted(read, "4-return-interview-outcome.json"));
        });
        awaitTaskNotices(4);
        print.accept(drain());
    }

    private String submitEpisode(String file, String title, Consumer<List<Outcome>> print)
            throws IOException, InterruptedException {
        byte[] body = Files.readAllBytes(samples.resolve(file));
        Instant updatedAt = Instant.parse(JSON.readTree(body).path("episode").path("updatedAt").asText());
        clock.jumpTo(updatedAt.plusSeconds(30));
        String[] episodeId = new String[1];
        chapter(title, print, () -> {
            MissingReadResult<MissingEpisodeNotice> read = new MissingEpisodeJsonReader()
                    .read(body, GREATER_MANCHESTER_POLICE, clock.instant(), TimeOrderedIds::next);
            Dispatch dispatch = gateway.submit(accepted(read, file));
            episodeId[0] = gateway.missingEpisodeLedger().episodeOf((MissingEpisodeNotice) dispatch.notice())
                    .orElseThrow(() -> new IllegalStateException("samples/missing/" + file + " was not recorded"));
        });
        return episodeId[0];
    }

    private static Notice accepted(MissingReadResult<?> read, String file) {
        if (read instanceof MissingReadResult.Accepted<?> accepted) {
            return accepted.notice();
        }
        throw new IllegalStateException("samples/missing/" + file + " was refused: "
                + ((MissingReadResult.Refused<?>) read).violations());
    }

    /** Waits until the gateway's timers have raised {@code count} return-interview-task notices in all. */
    private void awaitTaskNotices(int count) throws InterruptedException {
        awaitOutcomes(seen -> taskNoticesRaised(seen) >= count, TIMER_WAIT, count + " return-interview-task notices");
    }

    private final List<String> taskExchanges = new ArrayList<>();

    private int taskNoticesRaised(List<Outcome> seen) {
        for (Outcome o : seen) {
            if (o instanceof Outcome.Delivered d && d.notice().equals("return-interview-task")
                    && !taskExchanges.contains(d.exchangeId())) {
                taskExchanges.add(d.exchangeId());
            }
        }
        return taskExchanges.size();
    }

    @Override
    protected void noticed(List<Outcome> chapter) {
        taskNoticesRaised(chapter);
    }
}
