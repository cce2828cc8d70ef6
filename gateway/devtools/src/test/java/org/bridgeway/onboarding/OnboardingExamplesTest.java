package org.bridgeway.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.testing.AuditEntries;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TestPki;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.transport.PkiDirectory;
import org.bridgeway.verifier.VerifierCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partner onboarding guide's examples (docs/onboarding.md, docs/examples/) run as a partner would run them:
 * each curl script with bash and the Java example with {@code java BridgewayPartner.java}, as subprocesses, against
 * one real gateway over mutual TLS with a freshly generated development PKI (certificate-only identity). A new
 * partner, Manchester's looked-after children's health team, gets its certificate the way the guide says: its own
 * key and CSR with openssl, signed by the operator's partner CA (the test PKI's intermediate), bundled as PKCS#12.
 * If the API, a sample or the certificate profile changes under the examples, this fails.
 */
class OnboardingExamplesTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final Pattern EXCHANGE = Pattern.compile("^exchange ([0-9a-f-]{36}) duplicate (true|false)$",
            Pattern.MULTILINE);
    private static final Pattern HANDOVER = Pattern.compile("^handover (CH-[0-9a-f-]{36}) asked (\\S+)$",
            Pattern.MULTILINE);
    private static final String HEALTH_TEAM = "health:LAC352";

    @TempDir
    static Path data;
    /** The partner's and the operator's working folders: only a CSR and a certificate chain pass between them. */
    @TempDir
    static Path desks;
    private static GatewayFixture fixture;
    private static Path examples;
    private static Path healthCertificate;
    private static final String HEALTH_PASSWORD = "onboarding-example-only";

    @BeforeAll
    static void start() throws Exception {
        fixture = TlsGatewayFixture.startWithHttpCertificateOnly(data);
        examples = GatewayFixture.projectRoot().resolve("docs/examples");
        healthCertificate = onboardTheHealthTeamWithItsOwnKey();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aCouncilsPlacementReachesPoliceAndHealthAndItsReceiptVerifies() throws Exception {
        Run council = curl("council.sh", Map.of());
        String exchangeId = group(EXCHANGE, council, 1);
        assertThat(council.output()).containsPattern("(?m)^receipts [1-9][0-9]* [0-9a-f]{64}$");
        Run councilAgain = java(Map.of(), "council");
        assertThat(group(EXCHANGE, councilAgain, 1)).as("the same placement again is the same exchange")
                .isEqualTo(exchangeId);
        assertThat(group(EXCHANGE, councilAgain, 2)).isEqualTo("true");

        awaitInMailbox(HEALTH_TEAM, exchangeId);
        Run health = curl("recipient.sh", Map.of("BRIDGEWAY_CERT", healthCertificate.toString(),
                "BRIDGEWAY_CERT_PASSWORD", HEALTH_PASSWORD, "BRIDGEWAY_ORG", HEALTH_TEAM, "EXCHANGE_ID", exchangeId));
        assertThat(health.output()).containsPattern("(?m)^fetched [0-9a-f-]{36} application/fhir\\+json")
                .contains("bundle Bundle message MessageHeader").containsPattern("(?m)^acknowledged [0-9a-f-]{36}$");

        awaitInMailbox("police:greater-manchester", exchangeId);
        Run police = java(Map.of(), "recipient", "police:greater-manchester", exchangeId);
        assertThat(police.output()).containsPattern("(?m)^fetched [0-9a-f-]{36} application/json")
                .containsPattern("(?m)^acknowledged [0-9a-f-]{36}$");
        assertThat(messagesOf("police:greater-manchester"))
                .as("acknowledged, so gone").doesNotContain(exchangeId);

        Run auditor = curl("auditor.sh", Map.of("EXCHANGE_ID", exchangeId, "BRIDGEWAY_VERIFIER", verifierCommand()));
        assertThat(auditor.output()).contains("inclusion OK").containsPattern("(?m)^verified$");
        Run javaAuditor = java(Map.of(), "auditor", exchangeId);
        assertThat(javaAuditor.output()).containsPattern("(?m)^verified: entry \\d+ of bridgeway/local-authority:886");
    }

    @Test
    void aSchoolReportsASuspension() throws Exception {
        group(EXCHANGE, curl("school.sh", Map.of()), 1);
        group(EXCHANGE, java(Map.of(), "school"), 1);
    }

    @Test
    void aForceReportsAChildMissingAndAnEmergencyDutyTeamTakesTheCustodyHandoverItAsks() throws Exception {
        Run force = curl("police.sh", Map.of());
        group(EXCHANGE, force, 1);
        assertThat(group(HANDOVER, force, 2)).as("the custody suite's authority is asked").contains("352");
        Run edt = curl("edt.sh", Map.of("HANDOVER_ID", group(HANDOVER, force, 1)));
        assertThat(edt.output()).contains("acknowledged OPEN").contains("answered ANSWERED owner 352");

        Run javaForce = java(Map.of(), "police");
        Run javaEdt = java(Map.of(), "edt", group(HANDOVER, javaForce, 1));
        assertThat(javaEdt.output()).contains("acknowledged OPEN").contains("answered ANSWERED owner 352");
    }

    @Test
    void aRevokedCertificateIsRefusedAtTheHandshakeAndTheRefusalIsAudited() throws Exception {
        Run refused = run(GatewayFixture.projectRoot(), withGateway(Map.of("BRIDGEWAY_CLIENT",
                DevelopmentPki.REVOKED_CLIENT)), "bash", examples.resolve("curl/council.sh").toString());
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).doesNotContain("exchange ").containsIgnoringCase("SSL");
        assertThat(AuditEntries.awaitRefusal(fixture.gateway().auditLog(), "revoked").path("details")
                .path("certificateSha256").asText()).isNotEmpty();
    }

    /**
     * The partner makes its key and CSR; the operator signs the CSR with its partner CA (here the test PKI's
     * intermediate, whose key the test set keeps); the partner bundles the returned chain with its key.
     */
    private static Path onboardTheHealthTeamWithItsOwnKey() throws Exception {
        Path partnerDesk = Files.createDirectories(desks.resolve("partner"));
        Path operatorDesk = Files.createDirectories(desks.resolve("operator"));
        Path pki = TestPki.directory();
        writeIssuerKey(pki, operatorDesk.resolve("partner-ca.key"));
        Files.writeString(operatorDesk.resolve("partner-ca-chain.pem"),
                Files.readString(pki.resolve(PkiDirectory.INTERMEDIATE_CA))
                        + Files.readString(pki.resolve(PkiDirectory.ROOT_CA)));

        Path openssl = examples.resolve("openssl");
        Run request = run(partnerDesk, Map.of(), "bash", openssl.resolve("partner-certificate.sh").toString(),
                "request", HEALTH_TEAM, "Manchester looked-after children's health team");
        assertThat(request.output()).contains("CN=health:LAC352,OU=health");
        assertThat(Files.readString(partnerDesk.resolve("health-LAC352.key"))).contains("PRIVATE KEY");

        Files.copy(partnerDesk.resolve("health-LAC352.csr"), operatorDesk.resolve("health-LAC352.csr"));
        Run signed = run(operatorDesk, Map.of(), "bash", openssl.resolve("operator-sign.sh").toString(),
                "health-LAC352.csr", HEALTH_TEAM, pki.resolve(PkiDirectory.INTERMEDIATE_CA).toString(),
                "partner-ca.key", "partner-ca-chain.pem", "health-LAC352-chain.pem");
        assertThat(signed.output()).contains("issued CN=health:LAC352");
        Run refused = run(operatorDesk, Map.of(), "bash", openssl.resolve("operator-sign.sh").toString(),
                "health-LAC352.csr", "health:LAC886", pki.resolve(PkiDirectory.INTERMEDIATE_CA).toString(),
                "partner-ca.key", "partner-ca-chain.pem", "wrong.pem");
        assertThat(refused.exitCode()).as("a CSR naming another organisation is not signed").isEqualTo(1);

        Files.copy(operatorDesk.resolve("health-LAC352-chain.pem"), partnerDesk.resolve("health-LAC352-chain.pem"));
        run(partnerDesk, Map.of("BRIDGEWAY_CERT_PASSWORD", HEALTH_PASSWORD), "bash",
                openssl.resolve("partner-certificate.sh").toString(), "bundle", "health-LAC352",
                "health-LAC352-chain.pem");
        return partnerDesk.resolve("health-LAC352.p12");
    }

    /** The test PKI's intermediate CA key, as the PEM an operator's openssl reads. */
    private static void writeIssuerKey(Path pki, Path keyFile) throws Exception {
        char[] password = PkiDirectory.passwords(pki).getProperty(DevelopmentPki.TEST_ISSUER).toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve(DevelopmentPki.TEST_ISSUER))) {
            store.load(in, password);
        }
        Key key = store.getKey(store.aliases().nextElement(), password);
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private record Run(int exitCode, String output) {
    }

    private static Run curl(String script, Map<String, String> env) throws Exception {
        return succeeded(run(GatewayFixture.projectRoot(), withGateway(env), "bash",
                examples.resolve("curl").resolve(script).toString()));
    }

    /** The Java example by single-file source launch, with the JDK running this test, from the project root. */
    private static Run java(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaLauncher(),
                examples.resolve("java/BridgewayPartner.java").toString()));
        command.addAll(List.of(args));
        return succeeded(run(GatewayFixture.projectRoot(), withGateway(env), command.toArray(String[]::new)));
    }

    private static Map<String, String> withGateway(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("BRIDGEWAY_URL", fixture.apiBase().replaceFirst("/api/v1$", ""));
        all.put("BRIDGEWAY_PKI", TestPki.directory().toString());
        return all;
    }

    private static Run run(Path directory, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("BRIDGEWAY_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = readWithin(in, process);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        System.out.println("$ " + String.join(" ", command) + "\n" + text); // the run's story, in the test's report
        return new Run(process.exitValue(), String.join(" ", command) + "\n" + text);
    }

    /** Reads while the process runs, so a full pipe cannot stall it; a run beyond the limit is ended and fails. */
    private static byte[] readWithin(InputStream in, Process process) throws Exception {
        java.io.ByteArrayOutputStream collected = new java.io.ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try {
                in.transferTo(collected);
            } catch (IOException e) {
                // the process was ended; what was read is kept
            }
        });
        pump.start();
        if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            pump.join(5_000);
            throw new AssertionError("not finished within " + RUN_LIMIT + ":\n" + collected);
        }
        pump.join(5_000);
        return collected.toByteArray();
    }

    private static Run succeeded(Run run) {
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run;
    }

    private static String group(Pattern pattern, Run run, int group) {
        Matcher matcher = pattern.matcher(run.output());
        assertThat(matcher.find()).as(pattern + " in:\n" + run.output()).isTrue();
        return matcher.group(group);
    }

    private static String javaLauncher() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The verifier's command line on this test's class path (the jar needs `package`, which a test run does not). */
    private static String verifierCommand() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return javaLauncher() + " -cp " + classPath + " " + VerifierCommand.class.getName();
    }

    /** Delivery follows the 202 asynchronously; a recipient's system would poll, the test waits for it once. */
    private static void awaitInMailbox(String organisation, String exchangeId) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(until)) {
            if (messagesOf(organisation).contains(exchangeId)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no message of " + exchangeId + " reached " + organisation + " within 30 s");
    }

    /** The mailbox's listing, read by the test through a test certificate of the organisation's own. */
    private static String messagesOf(String organisation) throws Exception {
        HttpResponse<String> listing = TestPki.httpClient(organisation).send(HttpRequest.newBuilder(
                URI.create(fixture.apiBase() + "/mailboxes/" + organisation + "/messages")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        return listing.body();
    }
}
