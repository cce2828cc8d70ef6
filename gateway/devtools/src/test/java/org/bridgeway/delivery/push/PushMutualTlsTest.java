package org.bridgeway.delivery.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.bridgeway.delivery.push.PushTestSupport.GMP;
import static org.bridgeway.delivery.push.PushTestSupport.auditEntries;
import static org.bridgeway.delivery.push.PushTestSupport.manchesterPlacements;
import static org.bridgeway.delivery.push.PushTestSupport.pushConfig;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.xml.datatype.DatatypeFactory;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.bridgeway.adapters.Digests;
import org.bridgeway.delivery.soap.intake.NoticePayload;
import org.bridgeway.delivery.soap.intake.NoticeType;
import org.bridgeway.delivery.soap.intake.ReceiptStatus;
import org.bridgeway.delivery.soap.intake.SubmitNoticeRequest;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TestPki;
import org.bridgeway.transport.PkiDirectory;
import org.bridgeway.transport.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SOAP push over mutual TLS, against the stand-in police records service served as a force would serve it: https,
 * a server certificate, and a client certificate REQUIRED that chains to the development root. The gateway presents
 * its own client certificate and trusts a force's server only when it chains to the configured roots and names the
 * host dialled; a refusal either way is a passing failure, retried and then dead-lettered as any other.
 */
class PushMutualTlsTest {
    @TempDir
    Path data;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<PushAttempt> attempts = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void thePushPresentsTheGatewaysClientCertificateAndTheForceTakesIt() {
        PoliceRecordsStandIn force = forceServing(TestPki.directory(), "127.0.0.1");
        pushConfig(data, force.address(), "30s", "200ms", "1s", 5);
        Gateway gateway = gatewayWithTls();

        Map<String, Dispatch> sent = manchesterPlacements(gateway, "mtls", 2).stream()
                .collect(Collectors.toMap(n -> n.idempotencyKey(), gateway::submit));

        await().atMost(Duration.ofSeconds(30)).until(() -> force.appliedKeys().equals(sent.keySet()));
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.values().stream()
                .allMatch(d -> auditEntries(gateway, d.exchangeId(), "PUSH_DELIVERED").size() == 1));
        assertThat(force.applications()).hasSize(2);
        assertThat(force.clientSubjects()).as("the force saw the gateway's own client certificate")
                .isNotEmpty().allSatisfy(s -> assertThat(s).contains("CN=bridgeway-gateway").contains("OU=gateway"));
        assertThat(gateway.pushDelivery().deadLetters().list(Optional.empty())).isEmpty();
    }

    @Test
    void aForceServerPresentingACertificateOfAnUntrustedCaIsRefusedAndTheNoticeDeadLettered() {
        // same names, same host, another CA: the gateway must not talk to it, however willing it is to take ours
        PoliceRecordsStandIn impostor = forceServing(TestPki.otherPki(), "127.0.0.1");
        pushConfig(data, impostor.address(), "30s", "100ms", "200ms", 2);
        Gateway gateway = gatewayWithTls();
        Dispatch sent = gateway.submit(manchesterPlacements(gateway, "impostor", 1).get(0));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                gateway.pushDelivery().deadLetters().list(Optional.empty()).size() == 1);
        DeadLetterQueue.DeadLetter letter = gateway.pushDelivery().deadLetters().list(Optional.empty()).get(0);
        assertThat(letter.cause()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(letter.reasonCode()).isEqualTo("TLS_FAILED");
        assertThat(attempts).extracting(PushAttempt::result).containsOnly("TLS_FAILED").hasSize(2);
        assertThat(impostor.calls()).as("no notice reached the impostor").isEmpty();
        assertThat(auditEntries(gateway, sent.exchangeId(), "DEAD_LETTERED")).singleElement().asString()
                .contains("\"reasonCode\":\"TLS_FAILED\"");
    }

    @Test
    void theForceRefusesAClientWithoutACertificateAndTakesTheSameCallWithTheGateways() throws Exception {
        PoliceRecordsStandIn force = forceServing(TestPki.directory(), "127.0.0.1");
        ForceEndpoint endpoint = endpoint(force);
        SSLContext gatewayContext = PushTls.contexts(new PushEndpoints(RetryPolicy.DEFAULT, List.of(endpoint)),
                Optional.of(TestPki.gatewayTls())).get(GMP);
        // the same roots and the same client, only without a key of its own
        SSLContext noCertificate = SSLContext.getInstance("TLS");
        noCertificate.init(null, trustingDevelopmentRoot(), null);

        Bus bus = bus();
        try (PoliceRecordsClient without = new PoliceRecordsClient(bus, endpoint, Optional.of(noCertificate))) {
            assertThatThrownBy(() -> without.submit(request("no-certificate"), null))
                    .isInstanceOfSatisfying(PushFailure.class, f -> {
                        assertThat(f.permanent()).isFalse();
                        // in TLS 1.3 the client's handshake is over before the server judges its (missing)
                        // certificate: the refusal arrives as an alert or as the connection closing
                        assertThat(f.code()).isIn("TLS_FAILED", "TRANSPORT_ERROR");
                    });
        }
        assertThat(force.calls()).isEmpty();
        try (PoliceRecordsClient with = new PoliceRecordsClient(bus, endpoint, Optional.of(gatewayContext))) {
            assertThat(with.submit(request("with-certificate"), null).getStatus()).isEqualTo(ReceiptStatus.ACCEPTED);
        }
        assertThat(force.appliedKeys()).containsExactly("with-certificate");
    }

    @Test
    void aServerCertificateThatDoesNotNameTheHostDialledIsRefused() throws Exception {
        // the development server certificate names 127.0.0.1 and localhost; 127.0.0.2 is this machine too
        PoliceRecordsStandIn force = forceServing(TestPki.directory(), "127.0.0.2");
        ForceEndpoint endpoint = endpoint(force);
        SSLContext gatewayContext = PushTls.contexts(new PushEndpoints(RetryPolicy.DEFAULT, List.of(endpoint)),
                Optional.of(TestPki.gatewayTls())).get(GMP);
        try (PoliceRecordsClient client = new PoliceRecordsClient(bus(), endpoint, Optional.of(gatewayContext))) {
            assertThatThrownBy(() -> client.submit(request("misnamed"), null))
                    .isInstanceOfSatisfying(PushFailure.class, f -> assertThat(f.code()).isEqualTo("TLS_FAILED"));
        }
        assertThat(force.calls()).isEmpty();
    }

    @Test
    void anHttpsForceWithoutTheGatewaysClientCertificateStopsTheStart() {
        ForceEndpoint endpoint = new ForceEndpoint(GMP, URI.create("https://records.gmp.example/intake"),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        PushEndpoints endpoints = new PushEndpoints(RetryPolicy.DEFAULT, List.of(endpoint));
        assertThatThrownBy(() -> PushTls.contexts(endpoints, Optional.empty()))
                .isInstanceOf(PushEndpointsException.class)
                .hasMessageContaining("forces." + GMP + ": https needs the gateway's client certificate");
    }

    @Test
    void theFilesTlsBlockNamesTheClientKeyStoreAndTheForcesRoots() throws Exception {
        Path pki = TestPki.directory();
        Path passwordFile = data.resolve("push-client.pw");
        Files.writeString(passwordFile, PkiDirectory.passwords(pki).getProperty(PkiDirectory.GATEWAY_CLIENT + ".p12")
                + "\n");
        PoliceRecordsStandIn force = forceServing(pki, "127.0.0.1");
        Files.writeString(PushEndpoints.file(data), """
                tls:
                  keyStore: %s
                  keyStorePasswordFile: push-client.pw
                forces:
                  %s:
                    url: %s
                    trustAnchors: [%s]
                """.formatted(pki.resolve(PkiDirectory.GATEWAY_CLIENT + ".p12"), GMP, force.address(),
                pki.resolve(PkiDirectory.ROOT_CA)));
        PushEndpoints endpoints = PushEndpoints.load(data, org.bridgeway.reference.ReferenceData.shipped());
        assertThat(endpoints.tls().keyStorePasswordFile()).contains(passwordFile.toAbsolutePath().normalize());
        // no gateway TLS at all: everything comes from the file
        SSLContext context = PushTls.contexts(endpoints, Optional.empty()).get(GMP);
        try (PoliceRecordsClient client = new PoliceRecordsClient(bus(), endpoints.endpoint(GMP).orElseThrow(),
                Optional.of(context))) {
            assertThat(client.submit(request("from-the-file"), null).getStatus()).isEqualTo(ReceiptStatus.ACCEPTED);
        }
        assertThat(force.clientSubjects()).singleElement().asString().contains("CN=bridgeway-gateway");
    }

    /** The stand-in on {@code host} presenting the server certificate of {@code pki}, requiring the run's root. */
    private PoliceRecordsStandIn forceServing(Path pki, String host) {
        char[] password = PkiDirectory.passwords(pki).getProperty(PkiDirectory.SERVER + ".p12").toCharArray();
        PoliceRecordsStandIn force = PoliceRecordsStandIn.overMutualTls(host, pki.resolve(PkiDirectory.SERVER + ".p12"),
                password, TestPki.directory().resolve(PkiDirectory.ROOT_CA));
        open.add(force);
        return force.start();
    }

    private Gateway gatewayWithTls() {
        TlsSettings tls = TestPki.gatewayTls();
        GatewayFixture fixture = GatewayFixture.start(GatewayFixture.config(data).withTls(tls));
        open.add(fixture);
        fixture.gateway().pushDelivery().push().addListener(attempts::add);
        return fixture.gateway();
    }

    private Bus bus() {
        Bus bus = BusFactory.newInstance().createBus();
        open.add(() -> bus.shutdown(true));
        return bus;
    }

    private static ForceEndpoint endpoint(PoliceRecordsStandIn force) {
        return new ForceEndpoint(GMP, URI.create(force.address()), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static javax.net.ssl.TrustManager[] trustingDevelopmentRoot() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", PkiDirectory.readCertificate(TestPki.directory().resolve(PkiDirectory.ROOT_CA)));
        javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        return factory.getTrustManagers();
    }

    private static SubmitNoticeRequest request(String idempotencyKey) throws Exception {
        byte[] payload = "{\"exchangeType\":\"placement-notification\"}".getBytes(StandardCharsets.UTF_8);
        SubmitNoticeRequest request = new SubmitNoticeRequest();
        request.setIdempotencyKey(idempotencyKey);
        request.setExchangeId(UUID.randomUUID().toString());
        request.setMessageId(UUID.randomUUID().toString());
        request.setNoticeType(NoticeType.PLACEMENT_NOTIFICATION);
        request.setSenderOrganisation("local-authority:886");
        request.setRecipientOrganisation(GMP);
        NoticePayload notice = new NoticePayload();
        notice.setValue(payload);
        notice.setMediaType("application/json");
        notice.setSha256(Digests.sha256(payload));
        request.setNotice(notice);
        request.setSentAt(DatatypeFactory.newInstance().newXMLGregorianCalendar(Instant.now().toString()));
        request.setAttempt(1);
        return request;
    }
}
