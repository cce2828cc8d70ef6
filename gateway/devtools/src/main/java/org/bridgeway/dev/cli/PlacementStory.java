package org.bridgeway.dev.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.store.TimeOrderedIds;

/**
 * The demo's placement story (samples/placement-story), through November 2026 on a gateway of its own: Kent places
 * Jordan in Lancashire with a week's notice and no risk, so the host force is not told; Casey is placed in Leeds in
 * an emergency, at risk of sexual exploitation, and Kent's notice comes a week after regulation 13's five working
 * days; Jordan's placement ends, and exactly those told of its start are told.
 */
final class PlacementStory extends Story {
    static final Instant START = Instant.parse("2026-11-02T09:30:00Z");

    private final Path samples;
    private final PlacementJsonIntake intake;

    PlacementStory(Gateway gateway, StoryClock clock, Path samples, PrintStream out, boolean json) {
        super(gateway, clock, out, json);
        this.samples = samples;
        this.intake = new PlacementJsonIntake(gateway.reference(), TimeOrderedIds::next);
    }

    @Override
    void tell(Consumer<List<Outcome>> print) throws IOException, InterruptedException {
        if (!json) {
            out.printf("%n== Placements, proportionate and on time: Kent's looked-after children placed out of area"
                    + " (story clock starts %s)%n", WHEN.format(START));
        }
        submit(START, "1-planned-placement-in-lancashire.json", "Kent tells Lancashire of Jordan's planned placement"
                + " a week ahead. No risk the protocol names: the host force is not told, and the denial says why", print);
        submit(Instant.parse("2026-11-16T10:00:00Z"), "2-emergency-placement-in-leeds-notified-late.json",
                "Kent notifies Casey's emergency placement in Leeds (2 Nov) on 16 Nov, after regulation 13's five"
                        + " working days. At risk of sexual exploitation: West Yorkshire Police are told", print);
        submit(Instant.parse("2026-11-27T15:00:00Z"), "3-lancashire-placement-ended.json", "Jordan's placement ends"
                + " (he returns home): those told of its start are told, and the force, never told, is not", print);
    }

    private void submit(Instant at, String file, String title, Consumer<List<Outcome>> print)
            throws IOException, InterruptedException {
        clock.jumpTo(at);
        chapter(title, print, () -> {
            JsonIntakeResult read = intake.parse(Files.readAllBytes(samples.resolve(file)));
            if (!(read instanceof JsonIntakeResult.Accepted accepted)) {
                throw new IllegalStateException("samples/placement-story/" + file + " was refused: "
                        + ((JsonIntakeResult.Refused) read).violations());
            }
            Dispatch dispatch = gateway.submit(accepted.notice());
            sayTimeliness(dispatch.notice().fields());
        });
    }

    /** What every recipient is shown of the notice's timing. */
    private void sayTimeliness(Map<String, String> fields) {
        if (json) {
            return;
        }
        String timeliness = fields.get(PlacementNotice.Fields.NOTIFICATION_TIMELINESS);
        out.printf("  TIMELINESS: %s (received %s, due by %s%s)%n", timeliness,
                fields.get(PlacementNotice.Fields.NOTIFICATION_RECEIVED_ON),
                fields.get(PlacementNotice.Fields.NOTIFICATION_DUE_BY),
                "0".equals(fields.getOrDefault(PlacementNotice.Fields.NOTIFICATION_WORKING_DAYS_LATE, "0")) ? ""
                        : ", " + fields.get(PlacementNotice.Fields.NOTIFICATION_WORKING_DAYS_LATE)
                        + " working days late");
    }
}
