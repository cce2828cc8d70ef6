package org.bridgeway.pipeline;

import java.util.Optional;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;

/**
 * What the return interview recipient rules need beyond the notice and the reference data: where an authority
 * escalates an overdue task (deadline data, {@code policies/workflows/}), the host authority of the child whose task
 * it is, and the authority responsible for an episode's interview (the task record). Supplied by the gateway's return interview tasks
 * ({@link org.bridgeway.workflow.JdbcReturnInterviewTasks}).
 */
public interface ReturnInterviewRouting {

    /** Refuses every task notice: for an {@link Exchanges} built without the gateway's tasks (tests, tools). */
    ReturnInterviewRouting NONE = new ReturnInterviewRouting() {
        @Override
        public Organisation escalationMailbox(DfeLaCode responsibleAuthority) {
            throw new IllegalStateException("return interview tasks are not routed without the gateway's deadline data");
        }

        @Override
        public Optional<DfeLaCode> hostAuthority(String taskId) {
            throw new IllegalStateException("return interview tasks are not routed without the gateway's task records");
        }

        @Override
        public Optional<DfeLaCode> responsibleAuthorityOf(String episodeId) {
            throw new IllegalStateException("return interviews are not routed without the gateway's task records");
        }
    };

    Organisation escalationMailbox(DfeLaCode responsibleAuthority);

    Optional<DfeLaCode> hostAuthority(String taskId);

    /** The authority responsible for the episode's return interview, whoever holds the task now. */
    Optional<DfeLaCode> responsibleAuthorityOf(String episodeId);
}
