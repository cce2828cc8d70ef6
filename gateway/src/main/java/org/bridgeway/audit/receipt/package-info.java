/**
 * Receipts: making them from the log ({@link org.bridgeway.audit.receipt.Receipts}), checking one offline with the
 * log's key alone ({@link org.bridgeway.audit.receipt.ReceiptVerifier}), and reading the heads a party holds
 * ({@link org.bridgeway.audit.receipt.SeenHeads}).
 *
 * <p>It opens checkpoints only through {@code verify} and depends on no signing code, scheduler or database.
 */
package org.bridgeway.audit.receipt;
