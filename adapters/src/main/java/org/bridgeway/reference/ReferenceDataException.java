package org.bridgeway.reference;

/** The shipped reference data is inconsistent; names the file, line and problem. */
public class ReferenceDataException extends RuntimeException {
    public ReferenceDataException(String message) {
        super(message);
    }
}
