package org.bridgeway.pipeline;

/** A notice names an organisation the reference data does not know: an input error, reported, never a crash. */
public class UnknownOrganisationException extends RuntimeException {
    public UnknownOrganisationException(String message) {
        super(message);
    }
}
