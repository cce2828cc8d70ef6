package org.bridgeway.console;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-sent events that tell an organisation's open console pages something of theirs changed: a notice arrived,
 * a handover was asked, answered or closed. The event says only that ({@code event: changed}, no data): each page
 * then asks the server for its own view again, which the server scopes to the person as it scopes every page, so
 * nothing travels on the event stream that the person could not read anyway.
 */
final class ConsoleEvents {
    /** Proxies close a quiet connection; a comment line now and then keeps it open. */
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final Map<String, Set<HttpServerResponse>> streams = new ConcurrentHashMap<>();
    private final long keepAlive;
    private final Vertx vertx;

    ConsoleEvents(Vertx vertx) {
        this.vertx = vertx;
        this.keepAlive = vertx.setPeriodic(KEEP_ALIVE_MILLIS, id -> send(": keep-alive\n\n", null));
    }

    /** Keeps the response open as the organisation's event stream until the browser goes. */
    void subscribe(String organisationId, HttpServerResponse response) {
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        Set<HttpServerResponse> set = streams.computeIfAbsent(organisationId, k -> ConcurrentHashMap.newKeySet());
        set.add(response);
        response.closeHandler(v -> set.remove(response));
        response.exceptionHandler(e -> set.remove(response));
        response.write("retry: 2000\n: connected\n\n");
    }

    /** Tells the organisation's open pages to look again. */
    void changed(String organisationId) {
        send("event: changed\ndata: {}\n\n", organisationId);
    }

    private void send(String frame, String organisationId) {
        streams.forEach((org, set) -> {
            if (organisationId == null || organisationId.equals(org)) {
                set.forEach(response -> vertx.runOnContext(v -> {
                    if (!response.closed() && !response.ended()) {
                        response.write(frame);
                    }
                }));
            }
        });
    }

    /** Ends every open stream, as a proxy dropping quiet connections would: the pages open theirs again. */
    void endStreams() {
        streams.values().forEach(set -> set.forEach(r -> {
            if (!r.closed() && !r.ended()) {
                r.end();
            }
        }));
    }

    void close() {
        vertx.cancelTimer(keepAlive);
        endStreams();
    }
}
