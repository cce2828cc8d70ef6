/**
 * {@code ./bridgeway bench}: the governed pipeline against a bare route onto the same durable queues, the audit log
 * alone ({@code bench audit}), an SSDA903 return uploaded in one piece ({@code bench bulk}) and the return interview
 * deadline ticker ({@code bench deadlines}), with their synthetic inputs and measurements. Scratch gateways only: nothing here touches a real data directory.
 */
package org.bridgeway.dev.bench;
