package org.bridgeway.delivery.push;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.xml.ws.WebServiceContext;
import jakarta.xml.ws.handler.MessageContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
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
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.annotations.SchemaValidation;
import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.configuration.security.ClientAuthentication;
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
 *
 * <p>{@link #overMutualTls} serves it over https as a force would: presenting a server certificate and REQUIRING a
 * client certificate that chains to the one root it is given (the development root), nothing else trusted.
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
    private final String host;
    private final String address;
    /** Null for plain http on loopback. */
    private final TLSServerParameters tls;
    private final List<String> clientSubjects = Collections.synchronizedList(new ArrayList<>());
    @Resource
    private WebServiceContext context;
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
    /** Every HTTP header of every call, as "name: value": what the force's systems could store. */
    private final List<String> headers = Collections.synchronizedList(new ArrayList<>());
    private volatile Duration slowness = Duration.ZERO;
    private volatile List<Failure> failFirstCalls = List.of();
    private final Map<String, String> rejections = new ConcurrentHashMap<>();

    /** Plain http on 127.0.0.1, for the tests of what push does with the force's answers. */
    public PoliceRecordsStandIn() {
        this("127.0.0.1", null);
    }

    private PoliceRecordsStandIn(String host, TLSServerParameters tls) {
        this.host = host;
        this.tls = tls;
        this.address = (tls == null ? "http" : "https") + "://" + host + ":" + port + "/police-records/intake";
    }

    /**
     * Over https on {@code host}: presents the key and chain in {@code serverStore} (PKCS#12) and requires a client
     * certificate chaining to {@code trustedRoot} (PEM); a client without one, or with another CA's, is refused
     * at the handshake.
     */
    public static PoliceRecordsStandIn overMutualTls(String host, Path serverStore, char[] password,
                                                     Path trustedRoot) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(serverStore)) {
                keys.load(in, password);
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(trustedRoot)) {
                trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trust);
            TLSServerParameters parameters = new TLSServerParameters();
            parameters.setKeyManagers(keyManagers.getKeyManagers());
            parameters.setTrustManagers(trustManagers.getTrustManagers());
            ClientAuthentication clientAuthentication = new ClientAuthentication();
            clientAuthentication.setWant(true);
            clientAuthentication.setRequired(true);
            parameters.setClientAuthentication(clientAuthentication);
            return new PoliceRecordsStandIn(host, parameters);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the stand-in's TLS", e);
        }
    }

    public PoliceRecordsStandIn start() {
        if (tls != null) {
            try {
                bus.getExtension(UndertowHTTPServerEngineFactory.class).setTLSServerParametersForPort(host, port, tls);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot serve the stand-in over TLS", e);
            }
        }
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
        clientSubject().ifPresent(clientSubjects::add);
        String key = request.getIdempotencyKey();
        requestIds.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(requestId());
        if (context.getMessageContext().get(MessageContext.HTTP_REQUEST_HEADERS) instanceof Map<?, ?> map) {
            map.forEach((name, values) -> headers.add(name + ": " + values));
        }
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

    /** The subject of the client certificate the caller presented, when the transport tells it. */
    private java.util.Optional<String> clientSubject() {
        if (context == null || tls == null) {
            return java.util.Optional.empty();
        }
        Object request = context.getMessageContext().get(MessageContext.SERVLET_REQUEST);
        if (request instanceof HttpServletRequest http
                && http.getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain
                && chain.length > 0) {
            return java.util.Optional.of(chain[0].getSubjectX500Principal().getName());
        }
        return java.util.Optional.empty();
    }

    /** The subjects of the client certificates callers presented, one per call the transport told of. */
    public List<String> clientSubjects() {
        synchronized (clientSubjects) {
            return List.copyOf(clientSubjects);
        }
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

    /** Every HTTP header of every call so far, as "name: [values]". */
    public List<String> headers() {
        synchronized (headers) {
            return List.copyOf(headers);
        }
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
