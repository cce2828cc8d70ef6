/**
 * Work the gateway tracks over time on behalf of an organisation, beyond passing one notice on: the record of each
 * missing episode ({@link org.bridgeway.workflow.MissingEpisodes}), kept by the missing-episode notice's own step
 * ({@link org.bridgeway.workflow.MissingEpisodeLedger}), which holds an update that arrives before its report and
 * releases it in order ({@link org.bridgeway.workflow.HeldUpdateRelease}); and the return home interview task opened
 * when a missing child is found ({@link org.bridgeway.workflow.ReturnInterviewTasks}), its deadline timers (rows,
 * claimed by one node each) and the notices they raise through the one notice pipeline; and the record of each
 * placement carried and who was told of it ({@link org.bridgeway.workflow.PlacementRecords}), kept by the placement
 * notice's own step ({@link org.bridgeway.workflow.PlacementLedger}) so that a change or end reaches exactly them.
 *
 * <p>It must not: deliver or audit anything itself (every reminder, escalation, reassignment, completion and released
 * update is a notice sent down the pipeline, and the records change in that notice's audit transaction), or keep
 * deadlines in code (they are data, policies/workflows).
 */
package org.bridgeway.workflow;
