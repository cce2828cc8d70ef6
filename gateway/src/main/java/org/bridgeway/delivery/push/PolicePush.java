package org.bridgeway.delivery.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import org.apache.camel.Exchange;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.bridgeway.adapters.Digests;
import org.bridgeway.delivery.soap.intake.NoticePayload;
import org.bridgeway.delivery.soap.intake.NoticeType;
import org.bridgeway.delivery.soap.intake.SubmitNoticeRequest;
import org.bridgeway.delivery.soap.intake.SubmitNoticeResponse;
import org.bridgeway.transport.TlsSettings;
import org.bridgeway.logging.CorrelationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push route's SOAP step: sends the message taken from a force's push queue to the force's records system and
 * decides what happens to it. Delivered (ACCEPTED or DUPLICATE): the route audits it and its transaction removes it
 * from the queue. A permanent failure, or a passing one on the last attempt the retry policy allows: dead-lettered
 * with the reason. Any other passing failure: {@link PushRetryLater}, so the transaction rolls back and the broker
 * offers the message again after the back-off delay.
 *
 * <p>Notice-type agnostic: whatever the pipeline put in the force's mailbox is pushed the same way, with the
 * exchange type as the contract's noticeType; a type the WSDL does not list yet is dead-lettered as undeliverable.
 */
public final class PolicePush implements AutoCloseable {
    /** Exchange property the route sets from its template parameter: which force this route serves. */
    public static final String FORCE = "bwPushForce";
    /** Exchange property holding the {@link PushOutcome} of {@link #submit}. */
    public static final String OUTCOME = "bwPushOutcome";

    private static final Logger LOG = LoggerFactory.getLogger(PolicePush.class);

    private final PushEndpoints endpoints;
    private final Clock clock;
    private final Bus bus;
    private final Map<String, PoliceRecordsClient> clients = new LinkedHashMap<>();
    private final List<Consumer<PushAttempt>> listeners = new CopyOnWriteArrayList<>();
    private final DatatypeFactory xmlDates;

    public PolicePush(PushEndpoints endpoints, Clock clock) {
        this(endpoints, Optional.empty(), clock);
    }

    /** With the gateway's own TLS material, the fallback for the client certificate and roots ({@link PushTls}). */
    public PolicePush(PushEndpoints endpoints, Optional<TlsSettings> gatewayTls, Clock clock) {
        this.endpoints = endpoints;
        this.clock = clock;
        try {
            xmlDates = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("no XML datatype factory", e);
        }
        Map<String, SSLContext> tls = PushTls.contexts(endpoints, gatewayTls); // checked before any client is made
        // a bus of our own: stopping the gateway closes our clients and nothing else in the JVM
        bus = endpoints.isEmpty() ? null : BusFactory.newInstance().createBus();
        endpoints.forces().forEach(f -> clients.put(f.force(), new PoliceRecordsClient(bus, f,
                Optional.ofNullable(tls.get(f.force())))));
    }

    /** Pushes the exchange's message to the route's force; sets {@link #OUTCOME}, or throws {@link PushRetryLater}. */
    public void submit(Exchange exchange) {
        String force = exchange.getProperty(FORCE, String.class);
        PushedMessage message = PushedMessage.from(exchange, force);
        PoliceRecordsClient client = clients.get(force);
        RetryPolicy retry = endpoints.retry();
        Instant started = clock.instant();
        PushOutcome outcome;
        try {
            if (client == null) {
                throw PushFailure.passing("NOT_CONFIGURED", force + " has no push endpoint", null);
            }
            SubmitNoticeResponse receipt = client.submit(request(message),
                    exchange.getProperty(CorrelationId.PROPERTY, String.class));
            outcome = new PushOutcome.Delivered(message, receipt.getReceiptId(), receipt.getStatus().value());
            publish(message, started, receipt.getStatus().value());
            LOG.info("pushed message {} of exchange {} to {}: {} (attempt {})", message.messageId(),
                    message.exchangeId(), force, receipt.getStatus().value(), message.attempt());
        } catch (PushFailure failure) {
            publish(message, started, failure.code());
            if (failure.permanent()) {
                String cause = failure.code().equals("NOT_IN_CONTRACT") ? PushOutcome.DeadLettered.UNDELIVERABLE
                        : PushOutcome.DeadLettered.REJECTED;
                outcome = new PushOutcome.DeadLettered(message, cause, failure.code(), failure.reason());
            } else if (message.attempt() >= retry.maxAttempts()) {
                outcome = new PushOutcome.DeadLettered(message, PushOutcome.DeadLettered.RETRIES_EXHAUSTED,
                        failure.code(), "gave up after " + message.attempt() + " attempts; the last: "
                        + failure.reason());
            } else {
                // the force's own words may quote the notice: the log gets our code only
                Duration next = retry.delayAfter(message.attempt());
                LOG.warn("push of message {} to {} failed (attempt {} of {}): {}; the broker offers it again in {} ms",
                        message.messageId(), force, message.attempt(), retry.maxAttempts(), failure.code(),
                        next.toMillis());
                throw new PushRetryLater("push of message " + message.messageId() + " to " + force + " failed: "
                        + failure.code(), failure);
            }
            LOG.warn("message {} of exchange {} to {} dead-lettered: {} {} (attempt {})", message.messageId(),
                    message.exchangeId(), force, ((PushOutcome.DeadLettered) outcome).cause(), failure.code(),
                    message.attempt());
        }
        exchange.setProperty(OUTCOME, outcome);
    }

    /**
     * Gets a message ready for the dead-letter queue: keeps the mailbox properties and the payload, drops the
     * broker's and Camel's headers, and adds who it was for, where it came from and why it is there.
     */
    public void markDeadLetter(Exchange exchange) {
        PushOutcome.DeadLettered dead = exchange.getProperty(OUTCOME, PushOutcome.DeadLettered.class);
        org.apache.camel.Message m = exchange.getMessage();
        m.removeHeaders("*", "bw*");
        m.removeHeaders("bwDeadLetter*");
        m.setHeader(DeadLetterQueue.RECIPIENT, dead.message().force());
        m.setHeader(DeadLetterQueue.PUSH_QUEUE, PushEndpoints.queueName(dead.message().force()));
        m.setHeader(DeadLetterQueue.CAUSE, dead.cause());
        m.setHeader(DeadLetterQueue.REASON_CODE, dead.reasonCode());
        m.setHeader(DeadLetterQueue.REASON, dead.reason());
        m.setHeader(DeadLetterQueue.ATTEMPTS, dead.message().attempt());
        m.setHeader(DeadLetterQueue.DEAD_LETTERED_AT, clock.instant().toString());
    }

    /** The SOAP request for a message; a message the contract cannot carry fails permanently. */
    private SubmitNoticeRequest request(PushedMessage m) throws PushFailure {
        NoticeType type;
        try {
            type = NoticeType.fromValue(m.exchangeType());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw PushFailure.permanent("NOT_IN_CONTRACT", "notice type " + m.exchangeType()
                    + " is not in the PoliceRecordsIntake contract", null);
        }
        for (String required : new String[] {m.idempotencyKey(), m.messageId(), m.exchangeId(), m.sender(),
                m.mediaType(), m.enqueuedAt()}) {
            if (required == null || required.isBlank() || required.length() > 200) {
                throw PushFailure.permanent("NOT_IN_CONTRACT", "the message lacks a property the contract needs",
                        null);
            }
        }
        SubmitNoticeRequest request = new SubmitNoticeRequest();
        request.setIdempotencyKey(m.idempotencyKey());
        request.setExchangeId(m.exchangeId());
        request.setMessageId(m.messageId());
        request.setNoticeType(type);
        request.setSenderOrganisation(m.sender());
        request.setRecipientOrganisation(m.force());
        NoticePayload payload = new NoticePayload();
        payload.setValue(m.payload());
        payload.setMediaType(m.mediaType());
        payload.setSha256(Digests.sha256(m.payload()));
        request.setNotice(payload);
        try {
            request.setSentAt(xmlDates.newXMLGregorianCalendar(Instant.parse(m.enqueuedAt()).toString()));
        } catch (RuntimeException e) {
            throw PushFailure.permanent("NOT_IN_CONTRACT", "the message's enqueued-at time is not a timestamp", null);
        }
        request.setAttempt(m.attempt());
        return request;
    }

    /** Hears of every call to a force's records system, as it ends. */
    public void addListener(Consumer<PushAttempt> listener) {
        listeners.add(listener);
    }

    private void publish(PushedMessage m, Instant started, String result) {
        PushAttempt attempt = new PushAttempt(m.force(), m.messageId(), m.attempt(), started, clock.instant(), result);
        listeners.forEach(l -> l.accept(attempt));
    }

    @Override
    public void close() {
        clients.values().forEach(PoliceRecordsClient::close);
        if (bus != null) {
            bus.shutdown(true);
        }
    }
}
