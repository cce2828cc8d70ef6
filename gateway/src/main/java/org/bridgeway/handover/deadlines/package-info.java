/**
 * The deadlines of custody handovers (PACE s.38(6); issue 14 point 4): the deadline data
 * ({@code policies/workflows/custody-handover.yaml}), the timers as database rows written in the handover steps' own
 * audit transactions ({@link org.bridgeway.handover.deadlines.JdbcHandoverTimers}), and the ticker that fires each
 * once across nodes as a custody-handover-deadline notice down the one pipeline, on the requesting force's behalf.
 */
package org.bridgeway.handover.deadlines;
