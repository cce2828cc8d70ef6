/**
 * The production command line ({@link org.bridgeway.cli.BridgewayCommand}, the main of bridgeway-gateway.jar):
 * {@code serve}, {@code audit}, {@code policy}, {@code deliveries}. It must not depend on the development tooling;
 * what only development needs ({@code serve}'s plain-HTTP mode and a PKI generated on first use) it receives
 * through {@link org.bridgeway.cli.DevelopmentServing} from the development launcher ({@code org.bridgeway.dev.cli}).
 */
package org.bridgeway.cli;
