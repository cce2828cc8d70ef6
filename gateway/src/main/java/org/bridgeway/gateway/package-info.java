/**
 * One running gateway, put together: {@link org.bridgeway.gateway.Gateway} opens the database, the broker, the keys,
 * the audit log and the policy decision point from a {@link org.bridgeway.gateway.GatewayConfig}, binds each stage's
 * bean under the name the routes call, loads the route files by folder, refuses to serve an API that is neither
 * mutual TLS nor the explicit plain-HTTP opt-in on loopback, and closes in order (drain the API, then Camel, then the
 * broker and the database).
 *
 * <p>It wires; it must not hold a stage's logic (each lives in its own package and is bound here by name), decide
 * anything about a notice, run SQL, list route files, or depend on development tooling (the demo's header identity,
 * the development PKI, Keycloak launcher and time-stamping authority are handed in, never imported).
 */
package org.bridgeway.gateway;
