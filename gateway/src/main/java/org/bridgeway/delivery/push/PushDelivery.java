package org.bridgeway.delivery.push;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.Main;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.delivery.MailboxBroker;
import org.bridgeway.transport.TlsSettings;

/**
 * Wires push delivery into a gateway: the beans and the JMS component the route template
 * ({@code routes/police-push-delivery.camel.yaml}) names, and one route per push force made from that template.
 */
public final class PushDelivery implements AutoCloseable {
    public static final String ROUTE_TEMPLATE = "police-push-delivery";

    private final PushEndpoints endpoints;
    private final PolicePush push;
    private final DeadLetterQueue deadLetters;

    private PushDelivery(PushEndpoints endpoints, PolicePush push, DeadLetterQueue deadLetters) {
        this.endpoints = endpoints;
        this.push = push;
        this.deadLetters = deadLetters;
    }

    /**
     * Checks the TLS the pushes would use (an https force needs the gateway's client key, from push-endpoints.yaml's
     * {@code tls} or the gateway's own), so that a start refused for it is refused before anything is opened.
     *
     * @throws PushEndpointsException naming the force or setting at fault
     */
    public static void checkTls(PushEndpoints endpoints, Optional<TlsSettings> gatewayTls) {
        PushTls.contexts(endpoints, gatewayTls);
    }

    /** Binds {@code pushJms}, {@code policePush} and {@code pushAudit}; call before Camel starts. */
    public static PushDelivery install(Main main, MailboxBroker broker, PushEndpoints endpoints, AuditLog auditLog,
                                       Clock clock) {
        return install(main, broker, endpoints, Optional.empty(), auditLog, clock);
    }

    /** As above, with the gateway's TLS material: its client certificate and roots serve https pushes by default. */
    public static PushDelivery install(Main main, MailboxBroker broker, PushEndpoints endpoints,
                                       Optional<TlsSettings> gatewayTls, AuditLog auditLog, Clock clock) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(broker.oneAtATimeConnectionFactory());
        // A local broker transaction per message and no Spring transaction manager: the listener's own session also
        // sends the dead letter (Spring exposes it to the producer), so taking a message off the push queue and
        // putting it on the dead-letter queue commit together or not at all.
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        // a rollback for a passing failure is the retry mechanism, not an error; PolicePush logs each one itself
        jms.getConfiguration().setErrorHandlerLoggingLevel(LoggingLevel.DEBUG);
        jms.getConfiguration().setErrorHandlerLogStackTrace(false);
        main.bind("pushJms", jms);
        PolicePush push = new PolicePush(endpoints, gatewayTls, clock);
        main.bind("policePush", push);
        main.bind("pushAudit", new PushAudit(auditLog));
        return new PushDelivery(endpoints, push, new DeadLetterQueue(broker.listingConnectionFactory()));
    }

    /** One push route per force in push-endpoints.yaml; none when no force takes push delivery. */
    public void startRoutes(CamelContext camel) throws Exception {
        for (ForceEndpoint force : endpoints.forces()) {
            camel.addRouteFromTemplate("police-push-delivery-" + force.force().replace(':', '-'), ROUTE_TEMPLATE,
                    Map.of("force", force.force(), "queue", force.queue()));
        }
    }

    public PolicePush push() {
        return push;
    }

    /** The push dead-letter queue of this gateway's broker. */
    public DeadLetterQueue deadLetters() {
        return deadLetters;
    }

    public PushEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        push.close();
    }
}
