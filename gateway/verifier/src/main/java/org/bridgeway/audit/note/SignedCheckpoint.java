package org.bridgeway.audit.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A checkpoint with its signatures as a C2SP signed note: the body, a blank line, then one line per signature —
 * the gateway's (Ed25519 over the body) and any witnesses' cosignatures (c2sp.org/tlog-cosignature, over
 * {@code cosignature/v1}, the cosigning time and the body). A verifier needs only the public keys.
 */
public record SignedCheckpoint(Checkpoint checkpoint, List<NoteSignature> signatures) {
    private static final int MAX_NOTE_BYTES = 16 * 1024;

    public SignedCheckpoint {
        Objects.requireNonNull(checkpoint, "checkpoint");
        signatures = List.copyOf(signatures);
    }

    /** Signs a checkpoint as the log: {@code sign} is the gateway's Ed25519 key. */
    public static SignedCheckpoint sign(Checkpoint checkpoint, NoteKey key, UnaryOperator<byte[]> sign) {
        byte[] signature = sign.apply(checkpoint.bodyBytes());
        return new SignedCheckpoint(checkpoint, List.of(new NoteSignature(key.name(),
                concat(key.keyHash(NoteKey.ED25519), signature))));
    }

    /** A witness's cosignature of this checkpoint at {@code time} (whole seconds, as the format has). */
    public static NoteSignature cosign(Checkpoint checkpoint, NoteKey witness, UnaryOperator<byte[]> sign,
                                       Instant time) {
        long seconds = time.getEpochSecond();
        byte[] signature = sign.apply(cosignedMessage(checkpoint, seconds));
        return new NoteSignature(witness.name(), concat(witness.keyHash(NoteKey.COSIGNATURE_V1),
                ByteBuffer.allocate(8).putLong(seconds).array(), signature));
    }

    public SignedCheckpoint with(NoteSignature signature) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        all.add(signature);
        return new SignedCheckpoint(checkpoint, all);
    }

    public String text() {
        StringBuilder text = new StringBuilder(checkpoint.body()).append('\n');
        signatures.forEach(s -> text.append(s.line()));
        return text.toString();
    }

    /** Checks the log's signature by {@code key}; fails if it is missing or does not verify. */
    public void verifyLogSignature(NoteKey key) throws InvalidSignatureException {
        NoteSignature line = find(key, NoteKey.ED25519, 4 + 64);
        if (!Ed25519.verify(key.publicKey(), checkpoint.bodyBytes(), Arrays.copyOfRange(line.payload(), 4, 68))) {
            throw new InvalidSignatureException("the signature of " + key.name() + " on the checkpoint of size "
                    + checkpoint.size() + " does not verify");
        }
    }

    /** Checks a witness's cosignature; returns when it was made. */
    public Instant verifyCosignature(NoteKey witness) throws InvalidSignatureException {
        NoteSignature line = find(witness, NoteKey.COSIGNATURE_V1, 4 + 8 + 64);
        byte[] payload = line.payload();
        long seconds = ByteBuffer.wrap(payload, 4, 8).getLong();
        if (!Ed25519.verify(witness.publicKey(), cosignedMessage(checkpoint, seconds),
                Arrays.copyOfRange(payload, 12, 76))) {
            throw new InvalidSignatureException("the cosignature of " + witness.name() + " does not verify");
        }
        return Instant.ofEpochSecond(seconds);
    }

    private NoteSignature find(NoteKey key, byte algorithm, int payloadLength) throws InvalidSignatureException {
        byte[] keyHash = key.keyHash(algorithm);
        for (NoteSignature s : signatures) {
            if (s.name().equals(key.name()) && Arrays.equals(s.keyHash(), keyHash)) {
                if (s.payload().length != payloadLength) {
                    throw new InvalidSignatureException("the signature of " + key.name() + " has the wrong length");
                }
                return s;
            }
        }
        throw new InvalidSignatureException("the checkpoint carries no signature by the key " + key.name());
    }

    static byte[] cosignedMessage(Checkpoint checkpoint, long seconds) {
        return ("cosignature/v1\ntime " + seconds + "\n" + checkpoint.body()).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a signed note strictly: a checkpoint body, one blank line, at least one signature line. */
    public static SignedCheckpoint parse(String text) throws MalformedNoteException {
        if (text == null || text.length() > MAX_NOTE_BYTES) {
            throw new MalformedNoteException("a signed checkpoint is at most " + MAX_NOTE_BYTES + " characters");
        }
        int split = text.indexOf("\n\n");
        if (split < 0) {
            throw new MalformedNoteException("a signed note has a blank line between body and signatures");
        }
        Checkpoint checkpoint = Checkpoint.parse(text.substring(0, split + 1));
        String rest = text.substring(split + 2);
        if (rest.isEmpty() || !rest.endsWith("\n")) {
            throw new MalformedNoteException("a signed note ends with at least one signature line");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        for (String line : rest.substring(0, rest.length() - 1).split("\n", -1)) {
            signatures.add(NoteSignature.parse(line));
        }
        return new SignedCheckpoint(checkpoint, signatures);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }
}
