/**
 * The plain-HTTP demo mode's caller identity: a header that proves nothing, handed to the gateway through
 * {@code GatewayConfig#withPlainHttpForDemo} by {@code serve --insecure-http} and {@code bench bulk}. The production
 * gateway has no such identity and refuses plain HTTP without one.
 */
package org.bridgeway.dev.identity;
