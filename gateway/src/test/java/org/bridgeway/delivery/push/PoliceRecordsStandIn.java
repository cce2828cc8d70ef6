package org.bridgeway.delivery.push;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import jakarta.xml.ws.handler.MessageContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.annotations.SchemaValidation;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.transport.http_undertow.UndertowHTTPServerEngineFactory;
import org.bridgeway.adapters.Digests;
import org.bridgeway.delivery.soap.intake.IntakeUnavailable;
import org.bridgeway.delivery.soap.intake.IntakeUnavailableFault;
import org.bridgeway.delivery.soap.intake.PoliceRecordsIntake;
import org.bridgeway.delivery.soap.intake.ReceiptStatus;
import org.bridgeway.delivery.soap.intake.RejectedNotice;
import org.bridgeway.delivery.soap.intake.RejectedNoticeFault;
import org.bridgeway.delivery.soap.intake.SubmitNoticeRequest;
import org.bridgeway.delivery.soap.intake.SubmitNoticeResponse;
import org.bridgeway.testing.GatewayFixture;

/**
 * A police force's records system for tests: a real CXF SOAP service implementing the interface generated from our
 * WSDL, validating requests against the WSDL's schema, published with the CXF Undertow transport on 127.0.0.1. It
 * applies each idempotency key once (a repeat answers DUPLICATE with the first receipt) and records what it applied.
 * It can be stopped (the port closes) and started again on the same port, made slow (it applies the notice, then
 * answers after a delay), scripted to fail each notice's first calls, and told to reject notices for good.
 */
@WebService(serviceName = "PoliceRecordsIntakeService", portName = "PoliceRecordsIntakePort",
        targetNamespace = "urn:bridgeway:police-records-intake:1",
        endpointInterface = "org.bridgeway.delivery.soap.intake.PoliceRecordsIntake",
        wsdlLocation = "classpath:wsdl/police-records-intake.wsdl")
@SchemaValidation(type = SchemaValidation.SchemaValidationType.IN)
public class PoliceRecordsStandIn implements PoliceRecordsIntake, AutoCloseable {

    /** How a scripted call fails. */
    public enum Failure {
        /** the declared IntakeUnavailable fault */
        INTAKE_UNAVAILABLE,
        /** an undeclared exception: CXF answers a soap:Server fault */
        SERVER_ERROR
    }

    /** A notice as the records system applied it. */
    public record Applied(String receiptId, SubmitNoticeRequest request, byte[] payload) {
    }

    private final int port = GatewayFixture.freePort();
    private final String address = "http://127.0.0.1:" + port + "/police-records/intake";
    private final Bus bus = BusFactory.newInstance().createBus();
    private Server server;

    private final Map<String, Applied> applied = new ConcurrentHashMap<>();
    /** Every application, in order: a key appearing twice would be a notice applied twice. */
    private final List<String> applications = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> callsByKey = new ConcurrentHashMap<>();
    private final List<SubmitNoticeRequest> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger duplicates = new AtomicInteger();
    /** The X-Request-Id header of each call by idempotency key, as the force's own logs would record it. */
    private final Map<String, List<String>> requestIds = new ConcurrentHashMap<>();
    @Resource
    private WebServiceContext context;
    private volatile Duration slowness = Duration.ZERO;
    private volatile List<Failure> failFirstCalls = List.of();
    private final Map<String, String> rejections = new ConcurrentHashMap<>();

    public PoliceRecordsStandIn start() {
        JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
        factory.setBus(bus);
        factory.setServiceBean(this);
        factory.setAddress(address);
        server = factory.create();
        return this;
    }

    /** Down: the service is unpublished and its port closed, so calls are refused. */
    public void stop() {
        if (server != null) {
            server.stop();
            server.destroy();
            server = null;
            UndertowHTTPServerEngineFactory.destroyForPort(port);
        }
    }

    public String address() {
        return address;
    }

    /** Apply, then answer only after {@code delay}: longer than the client's timeout, the answer is lost. */
    public void slow(Duration delay) {
        slowness = delay;
    }

    /** Each notice's first calls fail like this, in order; later calls are handled normally. */
    public void failFirstCallsOfEachNotice(Failure... failures) {
        failFirstCalls = List.of(failures);
    }

    /** Calls with this idempotency key are refused for good with a RejectedNotice fault. */
    public void reject(String idempotencyKey, String reasonCode) {
        rejections.put(idempotencyKey, reasonCode);
    }

    public void stopRejecting() {
        rejections.clear();
    }

    @Override
    public SubmitNoticeResponse submitNotice(SubmitNoticeRequest request)
            throws RejectedNoticeFault, IntakeUnavailableFault {
        calls.add(request);
        String key = request.getIdempotencyKey();
        requestIds.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(requestId());
        int call = callsByKey.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
        if (call < failFirstCalls.size()) {
            if (failFirstCalls.get(call) == Failure.INTAKE_UNAVAILABLE) {
                IntakeUnavailable info = new IntakeUnavailable();
                info.setReason("records system in maintenance");
                throw new IntakeUnavailableFault("intake unavailable", info);
            }
            throw new IllegalStateException("records database connection lost");
        }
        String rejection = rejections.get(key);
        if (rejection != null) {
            RejectedNotice info = new RejectedNotice();
            info.setReasonCode(rejection);
            info.setReason("this force cannot take the notice as sent");
            throw new RejectedNoticeFault("rejected", info);
        }
        byte[] payload = request.getNotice().getValue();
        if (!Digests.sha256(payload).equals(request.getNotice().getSha256())) {
            RejectedNotice info = new RejectedNotice();
            info.setReasonCode("PAYLOAD_DIGEST_MISMATCH");
            throw new RejectedNoticeFault("digest mismatch", info);
        }
        Applied fresh = new Applied("RMS-" + UUID.randomUUID(), request, payload);
        Applied first = applied.putIfAbsent(key, fresh);
        SubmitNoticeResponse response = new SubmitNoticeResponse();
        response.setIdempotencyKey(key);
        if (first == null) {
            applications.add(key);
            response.setReceiptId(fresh.receiptId());
            response.setStatus(ReceiptStatus.ACCEPTED);
        } else {
            duplicates.incrementAndGet();
            response.setReceiptId(first.receiptId());
            response.setStatus(ReceiptStatus.DUPLICATE);
        }
        Duration delay = slowness;
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return response;
    }

    /** What was applied, by idempotency key. */
    public Map<String, Applied> applied() {
        return new HashMap<>(applied);
    }

    public Set<String> appliedKeys() {
        return Set.copyOf(applied.keySet());
    }

    /** Every application in order; each key at most once if nothing was applied twice. */
    public List<String> applications() {
        synchronized (applications) {
            return List.copyOf(applications);
        }
    }

    public List<SubmitNoticeRequest> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The X-Request-Id header of every call made with this idempotency key, in order ("" when there was none). */
    public List<String> requestIds(String idempotencyKey) {
        return List.copyOf(requestIds.getOrDefault(idempotencyKey, List.of()));
    }

    private String requestId() {
        Object headers = context.getMessageContext().get(MessageContext.HTTP_REQUEST_HEADERS);
        if (headers instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if ("X-Request-Id".equalsIgnoreCase(String.valueOf(e.getKey())) && e.getValue() instanceof List<?> l
                        && !l.isEmpty()) {
                    return String.valueOf(l.get(0));
                }
            }
        }
        return "";
    }

    public int duplicatesAnswered() {
        return duplicates.get();
    }

    @Override
    public void close() {
        stop();
        bus.shutdown(true);
    }
}
