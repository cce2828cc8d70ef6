/**
 * The development launcher ({@code ./bridgeway}): the production command line of {@code org.bridgeway.cli} with
 * {@code serve}'s development modes, plus {@code demo} and {@code certs-dev} (and {@code bench} from
 * {@code org.bridgeway.dev.bench}). Commands here may start embedded gateways, a development TSA and Keycloak; the
 * production commands must not need any of it.
 */
package org.bridgeway.dev.cli;
