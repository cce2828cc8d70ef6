/**
 * A real Keycloak for the demo and the tests: launched from the distribution Maven unpacks into
 * {@code gateway/devtools/target/keycloak}, on loopback with the development PKI, the realm imported with fresh
 * secrets; and the partner side of a token request (certificate-bound client credentials). The gateway's own token
 * checking is {@code org.bridgeway.identity}, which must not depend on anything here.
 */
package org.bridgeway.dev.keycloak;
