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
 * with the dispatch of that second pass. A notice outdated again and again by other notices of the same child is
 * given up after {@value #MOST_PASSES} passes, as the audit log's unavailability is: nothing was stored, and the
 * caller tries again later.
 */
public final class PipelineAgain {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineAgain.class);
    /** The exchange property that keeps the body the notice pipeline was given. */
    public static final String RECEIVED = "bridgewayNoticeAsReceived";
    static final int MOST_PASSES = 5;

    /** How many passes of the pipeline this thread is inside: the pipeline runs on its caller's thread. */
    private static final ThreadLocal<int[]> PASSES = ThreadLocal.withInitial(() -> new int[1]);

    private final Function<Object, Dispatch> pipeline;

    /** @param pipeline sends a body down {@code direct:notice} and returns its dispatch */
    public PipelineAgain(Function<Object, Dispatch> pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline);
    }

    /**
     * @param outdated the dispatch whose acceptance was refused as outdated
     * @param received the body the pipeline was given for it
     */
    public Dispatch again(@Body Dispatch outdated, @ExchangeProperty(RECEIVED) Object received) {
        int[] passes = PASSES.get();
        if (passes[0] + 1 >= MOST_PASSES) {
            throw new AuditUnavailableException("the notice was outdated by other notices of the same child in "
                    + MOST_PASSES + " passes of the pipeline; try again", null);
        }
        passes[0]++;
        LOG.info("exchange {}: decided from rows another notice changed before it was accepted; through the "
                + "pipeline again", outdated.exchangeId());
        try {
            return pipeline.apply(Objects.requireNonNull(received, RECEIVED));
        } catch (CamelExecutionException e) {
            // the second pass's own failure, as its caller would have met it in the first
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            passes[0]--;
        }
    }
}
