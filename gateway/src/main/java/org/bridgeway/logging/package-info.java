/**
 * What the gateway's log lines are made of and how they are tied to the exchange they tell of: JSON lines
 * ({@link org.bridgeway.logging.JsonLogEncoder}), and one correlation id per exchange
 * ({@link org.bridgeway.logging.CorrelationId}) carried in the SLF4J MDC from the API's edge through Camel's
 * threads ({@link org.bridgeway.logging.CorrelatedUnitsOfWork}), across the broker hop and to the forces' SOAP
 * services, and named in every problem answer's {@code instance}. Logs carry identifiers, counts and digests only.
 */
package org.bridgeway.logging;
