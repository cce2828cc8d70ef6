package org.bridgeway.audit.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.verify.CheckpointRefusedException;
import org.bridgeway.audit.verify.LogCheckpoints;

/**
 * The witness as an HTTP service of the C2SP witness protocol (c2sp.org/tlog-witness): the log submits
 * {@code POST <prefix>/add-checkpoint} with its new head and a consistency proof from the size this witness holds,
 * and the answer is the witness's cosignature line. So a log that speaks the protocol can use this witness, and a
 * Bridgeway gateway can use any witness that does.
 *
 * <p>The answers are the protocol's: 404 for a log this witness does not witness (by the checkpoint's origin), 403
 * when no signature is the log's, 400 for a malformed body or an old size above the head's, 409 with
 * {@value #SIZE_CONTENT_TYPE} and the size held when the old size is not it, 409 for a head of that size with
 * another root, 422 when the proof does not verify, 200 with the cosignature once the head is recorded.
 */
public final class WitnessServer implements AutoCloseable {
    public static final String PATH = "/add-checkpoint";
    public static final String SIZE_CONTENT_TYPE = "text/x.tlog.size";

    private final HttpServer server;
    private final ExecutorService threads;
    private final Cosigner cosigner;

    private WitnessServer(HttpServer server, ExecutorService threads, Cosigner cosigner) {
        this.server = server;
        this.threads = threads;
        this.cosigner = cosigner;
    }

    /** Listens on {@code address} (port 0: any free port) until closed. */
    public static WitnessServer start(InetSocketAddress address, Cosigner cosigner) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "tlog-witness");
            t.setDaemon(true);
            return t;
        });
        WitnessServer witness = new WitnessServer(server, threads, cosigner);
        server.createContext(PATH, witness::handle);
        server.setExecutor(threads);
        server.start();
        return witness;
    }

    /** The submission prefix: {@code add-checkpoint} is {@code <prefix>/add-checkpoint}. */
    public URI submissionPrefix() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                answer(exchange, 404, "text/plain; charset=utf-8", "no such endpoint\n");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                answer(exchange, 405, "text/plain; charset=utf-8", "add-checkpoint is a POST\n");
                return;
            }
            Answer answer = addCheckpoint(readBody(exchange.getRequestBody()));
            answer(exchange, answer.status(), answer.contentType(), answer.body());
        }
    }

    /** One answer of the protocol. */
    record Answer(int status, String contentType, String body) {
        static Answer text(int status, String message) {
            return new Answer(status, "text/plain; charset=utf-8", message + "\n");
        }
    }

    /** The protocol's answer to one request body; the HTTP around it is {@link #handle}'s. */
    Answer addCheckpoint(byte[] body) {
        if (body == null) {
            return Answer.text(400, "the body is larger than " + AddCheckpoint.MAX_BODY_BYTES + " bytes");
        }
        AddCheckpoint request;
        try {
            request = AddCheckpoint.parse(body);
        } catch (AddCheckpoint.MalformedRequestException e) {
            return Answer.text(400, e.getMessage());
        }
        if (!request.origin().equals(cosigner.log().name())) {
            return Answer.text(404, "this witness does not witness the log " + request.origin());
        }
        SignedCheckpoint head;
        try {
            head = LogCheckpoints.open(request.signedNote(), cosigner.log());
        } catch (CheckpointRefusedException e) {
            return switch (e.reason()) {
                case MALFORMED -> Answer.text(400, "the checkpoint " + e.getMessage());
                case OTHER_LOG -> Answer.text(404, "the checkpoint " + e.getMessage());
                case NOT_SIGNED -> Answer.text(403, "the checkpoint " + e.getMessage());
            };
        }
        try {
            NoteSignature cosignature = cosigner.add(request.oldSize(), request.proof(), head);
            return new Answer(200, "text/plain; charset=utf-8", cosignature.line());
        } catch (Cosigner.Refused e) {
            return switch (e.reason()) {
                case OLD_SIZE_TOO_LARGE -> Answer.text(400, e.getMessage());
                case OLD_SIZE_MISMATCH -> new Answer(409, SIZE_CONTENT_TYPE, e.latestSize() + "\n");
                case SAME_SIZE_OTHER_ROOT -> Answer.text(409, e.getMessage());
                case INCONSISTENT -> Answer.text(422, e.getMessage());
                case STATE_UNREADABLE -> Answer.text(500, "the witness cannot read its own state");
            };
        } catch (IOException e) {
            return Answer.text(500, "the witness cannot record the head");
        }
    }

    /** The body, or null when it is larger than any request body of the protocol. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(AddCheckpoint.MAX_BODY_BYTES + 1);
        return body.length > AddCheckpoint.MAX_BODY_BYTES ? null : body;
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
