package org.bridgeway.audit.note;

import java.util.Arrays;
import java.util.Base64;

/** One signature line of a signed note: {@code — <name> <base64(key hash || signature bytes)>}. */
public record NoteSignature(String name, byte[] payload) {
    static final String PREFIX = "\u2014 ";

    public NoteSignature {
        if (name == null || name.isBlank() || name.contains(" ")) {
            throw new IllegalArgumentException("a signer name is one word");
        }
        if (payload == null || payload.length < 5) {
            throw new IllegalArgumentException("a signature line carries a key hash and a signature");
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public byte[] keyHash() {
        return Arrays.copyOf(payload, 4);
    }

    public String line() {
        return PREFIX + name + " " + Base64.getEncoder().encodeToString(payload) + "\n";
    }

    public static NoteSignature parse(String line) throws MalformedNoteException {
        if (!line.startsWith(PREFIX)) {
            throw new MalformedNoteException("a signature line starts with an em dash and a space");
        }
        String[] parts = line.substring(PREFIX.length()).split(" ", -1);
        if (parts.length != 2 || parts[0].isEmpty()) {
            throw new MalformedNoteException("a signature line is '— <name> <base64>'");
        }
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("the signature of " + parts[0] + " is not base64");
        }
        if (payload.length < 5) {
            throw new MalformedNoteException("the signature of " + parts[0] + " is too short");
        }
        return new NoteSignature(parts[0], payload);
    }
}
