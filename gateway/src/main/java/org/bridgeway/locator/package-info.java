/**
 * The locator index (issue 14; docs/locator.md), modelled on CP-IS: "is this child known to a council, which council
 * is responsible, and how do I reach it now?" Entries ({@link org.bridgeway.locator.LocatorIndex}) are found only by
 * keyed digests ({@link org.bridgeway.locator.LocatorKeys}) of an exact NHS number or of the exact name, date of birth
 * and postcode together; they are filled from placement notices ({@link org.bridgeway.locator.PlacementLocatorFill},
 * a step of the placement exchange) and from councils' registrations
 * ({@link org.bridgeway.locator.LocatorRegistrations}), and expire a configurable time after the involvement ends
 * ({@link org.bridgeway.locator.LocatorSettings}). A query ({@link org.bridgeway.locator.LocatorQueries}) is limited
 * per caller ({@link org.bridgeway.locator.LocatorLimits}), audited whatever its answer, and a match writes the access
 * row from which {@link org.bridgeway.locator.LocatorAccessRelay} tells the responsible authority through the notice
 * pipeline. {@link org.bridgeway.locator.IndexLocator} is the same match for the gateway's own use (custody
 * handovers).
 */
package org.bridgeway.locator;
