package org.bridgeway.pipeline;

import java.util.Objects;
import java.util.function.Function;
import org.apache.camel.Body;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ExchangeProperty;
import org.bridgeway.audit.AuditUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a notice whose step was outdated ({@link StepOutdated}) through the notice pipeline again, as it first came
 * (the body the pipeline was given, kept in {@value #RECEIVED}: the steps amend the notice on the way), and answers
 * with the dispatch of the pass that is not outdated. A notice outdated again and again by other notices of the same
 * child is given up after {@value #MOST_PASSES} passes in all, as when the audit log is unavailable: nothing was
 * stored, and it is tried again later (the route's audit retries, then the caller).
 */
public final class PipelineAgain {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineAgain.class);
    /** The exchange property that keeps the body the notice pipeline was given. */
    public static final String RECEIVED = "bridgewayNoticeAsReceived";
    static final int MOST_PASSES = 5;

    /**
     * Whether this thread is inside a pass that {@link #again} started: the pipeline runs on its caller's thread, so
     * a pass outdated again comes back to the loop that started it instead of starting passes of its own.
     */
    private static final ThreadLocal<Boolean> IN_A_PASS_AGAIN = ThreadLocal.withInitial(() -> false);

    private final Function<Object, Dispatch> pipeline;

    /** @param pipeline sends a body down {@code direct:notice} and returns its dispatch */
    public PipelineAgain(Function<Object, Dispatch> pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline);
    }

    /**
     * @param outdated the dispatch whose acceptance was refused as outdated
     * @param received the body the pipeline was given for it
     * @return the dispatch of the pass that was not outdated; inside a pass this started, {@code outdated} itself
     */
    public Dispatch again(@Body Dispatch outdated, @ExchangeProperty(RECEIVED) Object received) {
        if (IN_A_PASS_AGAIN.get()) {
            return outdated;
        }
        Objects.requireNonNull(received, RECEIVED);
        IN_A_PASS_AGAIN.set(true);
        try {
            for (int pass = 2; pass <= MOST_PASSES; pass++) {
                LOG.info("exchange {}: decided from rows another notice changed before it was accepted; through the "
                        + "pipeline again (pass {})", outdated.exchangeId(), pass);
                Dispatch next = pipeline.apply(received);
                if (!next.outdated()) {
                    return next;
                }
            }
        } catch (CamelExecutionException e) {
            // a pass's own failure, as its caller would have met it in the first
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            IN_A_PASS_AGAIN.set(false);
        }
        throw new AuditUnavailableException("exchange " + outdated.exchangeId() + " was outdated by other notices of "
                + "the same child in " + MOST_PASSES + " passes of the pipeline; try again", null);
    }
}
