/**
 * Receipts as a partner checks them: the format ({@link org.bridgeway.audit.receipt.Receipt}), checking one offline
 * with the log's key alone ({@link org.bridgeway.audit.receipt.ReceiptVerifier}), and reading the heads a party holds
 * ({@link org.bridgeway.audit.receipt.SeenHeads}). Making receipts from the log ({@code Receipts}) is the gateway's
 * and lives in the gateway module under this package name.
 *
 * <p>It opens checkpoints only through {@code verify} and depends on no signing code, scheduler or database.
 */
package org.bridgeway.audit.receipt;
