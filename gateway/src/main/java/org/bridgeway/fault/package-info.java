/**
 * What a failure means to the party that asked: a resource the gateway needs is unavailable (503, try again), the
 * client went away (nothing to answer), or something unexpected (500).
 * One classification for every endpoint, for the shutdown drain and for the logs, so that an expected refusal is
 * never logged as an error and an outage is never answered as a bug.
 */
package org.bridgeway.fault;
