package org.bridgeway.delivery.push;

/** How pushing one message ended: the force has it, or it goes to the dead-letter queue and why. */
public sealed interface PushOutcome {

    PushedMessage message();

    /** Whether the force's records system has the notice (accepted now, or recognised as one it already has). */
    boolean delivered();

    /**
     * The force answered with its receipt.
     *
     * @param status ACCEPTED (applied now) or DUPLICATE (applied before under the same idempotency key)
     */
    record Delivered(PushedMessage message, String receiptId, String status) implements PushOutcome {
        @Override
        public boolean delivered() {
            return true;
        }
    }

    /**
     * Given up on: moved to the dead-letter queue with the reason.
     *
     * @param cause      {@link #REJECTED}, {@link #RETRIES_EXHAUSTED} or {@link #UNDELIVERABLE}
     * @param reasonCode the force's reason code for a rejection, else the last failure's code
     */
    record DeadLettered(PushedMessage message, String cause, String reasonCode, String reason) implements PushOutcome {
        /** The force refused the notice for good (RejectedNotice, or a SOAP Client fault). */
        public static final String REJECTED = "REJECTED";
        /** Every attempt the retry policy allows failed. */
        public static final String RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";
        /** The message cannot be put in the contract's terms (e.g. a notice type the WSDL does not know yet). */
        public static final String UNDELIVERABLE = "UNDELIVERABLE";

        @Override
        public boolean delivered() {
            return false;
        }
    }
}
