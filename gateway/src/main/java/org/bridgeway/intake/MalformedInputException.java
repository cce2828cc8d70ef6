package org.bridgeway.intake;

/** An input cannot be read at all (not a ZIP, empty); it is refused whole with the reason. */
public class MalformedInputException extends RuntimeException {
    public MalformedInputException(String message) {
        super(message);
    }
}
