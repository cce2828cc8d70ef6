/**
 * Whether placement notices arrive on time (Care Planning, Placement and Case Review (England) Regulations 2010:
 * regulation 13, before the placement or within 5 working days of an emergency one; regulation 14 for an end):
 * {@link org.bridgeway.timeliness.PlacementTimeliness}, the placement exchange's own step, measures each notice,
 * shows the measure and the placing authority's contacts to every recipient, and records it
 * ({@link org.bridgeway.timeliness.TimelinessRecords}) in the notice's audit transaction for the report per placing
 * authority and period.
 */
package org.bridgeway.timeliness;
