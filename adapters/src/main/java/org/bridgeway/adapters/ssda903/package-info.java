/**
 * SSDA903, the DfE children-looked-after return: {@link org.bridgeway.adapters.ssda903.Ssda903Translator} turns the
 * CSV files of one return ({@link org.bridgeway.adapters.ssda903.Ssda903File}, recognised by their header rows as
 * {@link org.bridgeway.adapters.ssda903.Ssda903Table}s) into placement notices for out-of-area placements, with a
 * {@link org.bridgeway.adapters.ssda903.RowError} per problem of a bad row (the good rows of the same file go on), a
 * {@link org.bridgeway.adapters.ssda903.FileRefusal} per file refused whole (not SSDA903, not UTF-8 text, ...), and
 * a summary per file, in an {@link org.bridgeway.adapters.ssda903.Ssda903Result}.
 *
 * <p>It translates text handed to it: reading folders and ZIP uploads, their limits, batches, quarantine and audit
 * are the gateway's intake. It has no clock (the collection year and today come as a
 * {@link org.bridgeway.adapters.ssda903.ReturnPeriod}), and no error or refusal repeats a value from the return.
 */
package org.bridgeway.adapters.ssda903;
