package org.bridgeway.pipeline;

import org.bridgeway.audit.AppendRefusedException;

/**
 * A step decided what a notice carries from rows that another notice changed before this one was accepted (the
 * repeated-missing watch, when another notice of the same child was accepted in between): thrown by the rows the step
 * writes alongside the audit append, it refuses the whole append, so nothing of the notice was stored or sent. Not a
 * fault and not the sender's: {@link DispatchAudit} answers with the dispatch {@linkplain Dispatch#asOutdated()
 * outdated}, and the notice goes through the pipeline again from its start, to be decided afresh
 * ({@code routes/notice-pipeline.camel.yaml}, {@link PipelineAgain}). The message names digests, never a value.
 */
public final class StepOutdated extends AppendRefusedException {
    public StepOutdated(String message) {
        super(message);
    }
}
