/**
 * Work the gateway tracks over time on behalf of an organisation, beyond passing one notice on: the return home
 * interview task opened when a missing child is found ({@link org.bridgeway.workflow.ReturnInterviewTasks}), its
 * deadline timers (rows, claimed by one node each) and the notices they raise through the one notice pipeline.
 *
 * <p>It must not: deliver or audit anything itself (every reminder, escalation, reassignment and completion is a
 * notice sent down the pipeline), or keep deadlines in code (they are data, policies/workflows).
 */
package org.bridgeway.workflow;
