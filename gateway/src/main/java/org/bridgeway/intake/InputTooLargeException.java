package org.bridgeway.intake;

/** An input exceeds a hard limit; it is refused before it is read further. */
public class InputTooLargeException extends RuntimeException {
    public InputTooLargeException(String message) {
        super(message);
    }
}
