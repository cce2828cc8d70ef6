/**
 * The canonical model every exchange is translated into: the sealed {@link org.bridgeway.model.Notice}, one immutable
 * record per exchange type ({@link org.bridgeway.model.PlacementNotice}, {@link org.bridgeway.model.ExclusionNotice},
 * {@link org.bridgeway.model.MissingEpisodeNotice}, {@link org.bridgeway.model.ReturnInterviewOutcomeNotice},
 * {@link org.bridgeway.model.ReturnInterviewTaskNotice}), flattened by {@code fields()} to stable dotted field names; {@link org.bridgeway.model.ExchangeType} with the
 * published catalogue of those names; {@link org.bridgeway.model.MinimisedNotice}, what one recipient may see;
 * {@link org.bridgeway.model.Organisation}; and value types that validate themselves
 * ({@link org.bridgeway.model.NhsNumber} with its modulus-11 check, {@link org.bridgeway.model.Upn} with its check
 * letter, {@link org.bridgeway.model.Postcode}, {@link org.bridgeway.model.DfeLaCode}, ...) and the rules for free
 * text ({@link org.bridgeway.model.FreeText}).
 *
 * <p>It holds no behaviour beyond parsing, validating and naming its fields: no decision about who receives what
 * (policy), no format (the adapters), no lookup (reference data), no clock, I/O or logging, and no dependency beyond
 * the JDK. A violation names the field and the rule, never the rejected value, and a record holding a child's data
 * names no value of it in {@code toString()}.
 */
package org.bridgeway.model;
