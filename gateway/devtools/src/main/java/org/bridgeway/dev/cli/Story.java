package org.bridgeway.dev.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.pipeline.Outcome;

/**
 * A demo story: chapters told on a gateway of its own whose clock the story moves, each chapter printing what the
 * organisations received (or, with --json, one line each) as it happened.
 */
abstract class Story {
    /** Reads the samples a story sends. */
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private static final Duration QUIET = Duration.ofMillis(400);

    protected final Gateway gateway;
    protected final StoryClock clock;
    protected final PrintStream out;
    protected final boolean json;
    private final List<Outcome> seen = new ArrayList<>();

    Story(Gateway gateway, StoryClock clock, PrintStream out, boolean json) {
        this.gateway = gateway;
        this.clock = clock;
        this.out = out;
        this.json = json;
        gateway.outcomes().add(outcome -> {
            synchronized (seen) {
                seen.add(outcome);
                seen.notifyAll();
            }
        });
    }

    /** Tells the story; {@code print} shows each chapter's outcomes. */
    abstract void tell(Consumer<List<Outcome>> print) throws IOException, InterruptedException;

    interface Action {
        void run() throws IOException, InterruptedException;
    }

    /** Prints the chapter's title at the story's time, runs it, and shows what it led to. */
    protected void chapter(String title, Consumer<List<Outcome>> print, Action action)
            throws IOException, InterruptedException {
        say(title);
        action.run();
        print.accept(drain());
    }

    /** Moves the clock on to a second after {@code then} and says what happens there. */
    protected void jumpTo(Instant then, String title) {
        clock.jumpTo(then.plusSeconds(1));
        say(title);
    }

    protected void say(String title) {
        if (!json) {
            out.printf("%n-- %s: %s%n", WHEN.format(clock.instant()), title);
        }
    }

    /** Waits until the outcomes seen since the last chapter satisfy {@code done}, or fails after {@code patience}. */
    protected void awaitOutcomes(Predicate<List<Outcome>> done, Duration patience, String waitingFor)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (seen) {
            while (!done.test(seen)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("waited " + patience.toSeconds() + " s for " + waitingFor);
                }
                seen.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /**
     * Waits until no outcome has come for a moment: a notice whose first delivery was seen has delivered to all its
     * recipients, so that one exchange is not split between two chapters.
     */
    protected void awaitQuiet() throws InterruptedException {
        synchronized (seen) {
            int before;
            do {
                before = seen.size();
                seen.wait(QUIET.toMillis());
            } while (seen.size() != before);
        }
    }

    /** The outcomes since the last chapter, taken. */
    protected List<Outcome> drain() {
        synchronized (seen) {
            noticed(seen);
            List<Outcome> chapter = List.copyOf(seen);
            seen.clear();
            return chapter;
        }
    }

    /** A story that counts something across chapters looks at a chapter's outcomes here, before they are taken. */
    protected void noticed(List<Outcome> chapter) {
    }
}
