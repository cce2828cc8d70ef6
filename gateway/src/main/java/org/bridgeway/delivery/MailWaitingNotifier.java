package org.bridgeway.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bridgeway.store.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a recipient's system that mail is waiting, by its {@link MailWaitingHook}: a small signed POST with no
 * content (the organisation, "mail.waiting" and the time), so that it fetches at once instead of polling. In the
 * background, never holding up delivery; retried with doubling delays when the system does not answer 2xx; arrivals
 * while one is on its way are folded into one more notification after it.
 *
 * <p>Signed as the Standard Webhooks specification says: headers {@code webhook-id}, {@code webhook-timestamp}
 * (Unix seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}.
 */
public final class MailWaitingNotifier implements AutoCloseable {
    public static final String EVENT_TYPE = "mail.waiting";
    static final int MAX_ATTEMPTS = 6;
    private static final int SENDERS = 4;
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(MailWaitingNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IDLE = 0;
    private static final int SENDING = 1;
    private static final int SENDING_AND_MORE = 2;

    private final Map<String, MailWaitingHook> hooks = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> states = new ConcurrentHashMap<>();
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService sender;

    public MailWaitingNotifier(List<MailWaitingHook> hooks, Clock clock) {
        hooks.forEach(h -> this.hooks.put(h.organisation(), h));
        hooks.forEach(h -> states.put(h.organisation(), new AtomicInteger(IDLE)));
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        // a few threads: one recipient's slow endpoint (up to its timeouts) does not hold up the others' notifications
        this.sender = Executors.newScheduledThreadPool(SENDERS, r -> {
            Thread t = new Thread(r, "mail-waiting-webhooks");
            t.setDaemon(true);
            return t;
        });
    }

    /** Messages just reached these organisations' mailboxes. Returns at once. */
    public void mailArrived(Collection<String> organisations) {
        if (hooks.isEmpty()) {
            return;
        }
        for (String organisation : organisations) {
            AtomicInteger state = states.get(organisation);
            if (state == null) {
                continue;
            }
            int was = state.getAndUpdate(s -> s == IDLE ? SENDING : SENDING_AND_MORE);
            if (was == IDLE) {
                sender.execute(() -> attempt(hooks.get(organisation), 1));
            }
        }
    }

    private void attempt(MailWaitingHook hook, int attempt) {
        boolean delivered = false;
        try {
            int status = send(hook);
            delivered = status / 100 == 2;
            if (!delivered) {
                LOG.warn("mail-waiting webhook of {} answered {} (attempt {})", hook.organisation(), status, attempt);
            }
        } catch (java.io.IOException e) {
            LOG.warn("mail-waiting webhook of {} not reached (attempt {}): {}", hook.organisation(), attempt,
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            // a failed attempt like any other: retried, and the organisation's state always moves on
            LOG.warn("mail-waiting webhook of {} failed (attempt {}): {}", hook.organisation(), attempt,
                    e.getClass().getSimpleName());
        }
        AtomicInteger state = states.get(hook.organisation());
        if (!delivered && attempt < MAX_ATTEMPTS) {
            long delay = Math.min(MAX_DELAY.toMillis(), FIRST_DELAY.toMillis() << (attempt - 1));
            sender.schedule(() -> attempt(hook, attempt + 1), delay, TimeUnit.MILLISECONDS);
            return;
        }
        if (!delivered) {
            LOG.warn("mail-waiting webhook of {} given up after {} attempts; its mailbox still holds the mail",
                    hook.organisation(), attempt);
        }
        // mail that arrived meanwhile gets one more notification
        if (state.getAndUpdate(s -> s == SENDING_AND_MORE ? SENDING : IDLE) == SENDING_AND_MORE) {
            sender.execute(() -> attempt(hook, 1));
        }
    }

    private int send(MailWaitingHook hook) throws java.io.IOException, InterruptedException {
        Instant now = clock.instant();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organisation", hook.organisation());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", EVENT_TYPE);
        event.put("timestamp", now.toString());
        event.put("data", data);
        String body = JSON.writeValueAsString(event);
        String id = "msg_" + TimeOrderedIds.next();
        String timestamp = Long.toString(now.getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(hook.url())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + sign(hook.key(), id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The Standard Webhooks v1 signature: base64 HMAC-SHA256 of "id.timestamp.body" under the key. */
    public static String sign(byte[] key, String id, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
