package org.bridgeway.audit.note;

/** A checkpoint, signed note or signature line that does not follow the format; the message says where. */
public final class MalformedNoteException extends Exception {
    public MalformedNoteException(String message) {
        super(message);
    }
}
