package org.bridgeway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bridgeway.audit.key.AuditCertificate;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.receipt.Receipts;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.store.Database;
import org.bridgeway.verifier.VerifierCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partner checks what the gateway's audit log produced with the verifier alone: its main runs in a separate JVM
 * whose classpath is exactly the verifier's runtime classpath as its build resolved it (no gateway, Camel, Artemis,
 * H2 or HAPI), over a receipt, an inclusion proof and a consistency proof the gateway's log code made.
 */
class VerifierJarTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORIGIN = "bridgeway/local-authority:886";
    /** Written by the verifier module's build (maven-dependency-plugin build-classpath), beside this module. */
    private static final Path VERIFIER_CLASSPATH = Path.of("verifier", "target", "runtime-classpath.txt");

    @TempDir
    Path dir;

    private Database database;
    private MerkleAuditLog log;
    private Path certificate;
    /** The head signed when the log held 5 entries, as a party kept it. */
    private String earlierHead;

    @BeforeEach
    void produceALog() {
        SigningKey key = SigningKey.generate();
        database = Database.embedded(dir.resolve("db"));
        JdbcAuditStore store = new JdbcAuditStore(database.dataSource());
        log = new MerkleAuditLog(store, new TreeHeadSigner(store, key, ORIGIN, Clock.systemUTC(), Duration.ofHours(1)),
                Clock.systemUTC());
        for (int i = 0; i < 13; i++) {
            log.append(new AuditEvent(AuditEventType.RECEIVED, "exchange-" + i, "local-authority:886", null,
                    Map.of("payloadDigest", "cd".repeat(32))));
            if (i == 4) {
                earlierHead = log.headIncluding(4).note().text();
            }
        }
        AuditCertificate.loadOrCreate(dir, key, "local-authority:886");
        certificate = dir.resolve(AuditCertificate.FILE);
    }

    @AfterEach
    void close() throws Exception {
        log.close();
        database.close();
    }

    private record Run(int exitCode, String out) {
    }

    private static List<String> verifierClasspath() throws Exception {
        assertThat(VERIFIER_CLASSPATH).as("built by the verifier module (mvn -pl gateway -am, or install it first)")
                .exists();
        List<String> classpath = new ArrayList<>();
        classpath.add(Path.of(VerifierCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        classpath.addAll(Arrays.asList(Files.readString(VERIFIER_CLASSPATH).strip().split(File.pathSeparator)));
        return classpath;
    }

    private Run verifier(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, verifierClasspath()), VerifierCommand.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the verifier finishes").isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(Base64.getEncoder()::encodeToString).toList();
    }

    @Test
    void theVerifierRunsOnItsOwnClasspathWithNoneOfTheGatewaysLibraries() throws Exception {
        assertThat(verifierClasspath()).noneMatch(entry -> entry.contains("camel") || entry.contains("artemis")
                || entry.contains("h2-") || entry.contains("hapi-fhir") || entry.contains("bridgeway-gateway"));

        Run help = verifier("--help");

        assertThat(help.exitCode()).as(help.out()).isZero();
        assertThat(help.out()).contains("verify-receipt", "verify-inclusion", "verify-consistency", "witness");
    }

    @Test
    void aPartnerVerifiesReceiptsTheGatewayIssued() throws Exception {
        Path receipts = dir.resolve("receipts.json");
        Files.writeString(receipts, JSON.writeValueAsString(Map.of("receipts",
                new Receipts(log).of(log.entries(0, 13)))));

        Run ok = verifier("verify-receipt", receipts.toString(), "--cert", certificate.toString(), "--origin", ORIGIN);
        assertThat(ok.exitCode()).as(ok.out()).isZero();
        assertThat(ok.out().lines()).hasSize(13).allMatch(line -> line.startsWith("receipt OK: entry "));

        Run otherLog = verifier("verify-receipt", receipts.toString(), "--cert", certificate.toString(),
                "--origin", "bridgeway/police:essex");
        assertThat(otherLog.exitCode()).isEqualTo(1);
        assertThat(otherLog.out()).contains("receipt NOT VERIFIED").contains("names the log " + ORIGIN);
    }

    @Test
    void aPartnerVerifiesAnInclusionProofAndAConsistencyProofBetweenTwoSignedHeads() throws Exception {
        Path head5 = dir.resolve("head-5.checkpoint");
        Files.writeString(head5, earlierHead);
        Path head13 = dir.resolve("head-13.checkpoint");
        Files.writeString(head13, log.headIncluding(12).note().text());
        long first = 5;
        assertThat(earlierHead).startsWith(ORIGIN + "\n5\n");
        Path consistency = dir.resolve("consistency.json");
        Files.writeString(consistency, JSON.writeValueAsString(Map.of("first", first, "second", 13,
                "consistencyProof", base64(log.consistencyProof(first, 13)))));
        Run consistent = verifier("verify-consistency", "--old", head5.toString(), "--new", head13.toString(),
                "--proof", consistency.toString(), "--cert", certificate.toString(), "--origin", ORIGIN);
        assertThat(consistent.exitCode()).as(consistent.out()).isZero();
        assertThat(consistent.out()).contains("consistency OK: the head of size 13 of log " + ORIGIN
                + " extends the head of size " + first);

        Run backwards = verifier("verify-consistency", "--old", head13.toString(), "--new", head5.toString(),
                "--proof", consistency.toString(), "--cert", certificate.toString(), "--origin", ORIGIN);
        assertThat(backwards.exitCode()).isEqualTo(1);
        assertThat(backwards.out()).contains("consistency NOT VERIFIED");

        Path inclusion = dir.resolve("inclusion.json");
        Files.writeString(inclusion, JSON.writeValueAsString(Map.of("index", 7, "treeSize", 13,
                "inclusionProof", base64(log.inclusionProof(7, 13)))));
        AuditRecord entry = log.entries(7, 8).get(0);
        Path entryFile = dir.resolve("entry-7.json");
        Files.writeString(entryFile, entry.entryJson());
        Run included = verifier("verify-inclusion", "--entry", entryFile.toString(), "--checkpoint",
                head13.toString(), "--proof", inclusion.toString(), "--cert", certificate.toString(), "--origin", ORIGIN);
        assertThat(included.exitCode()).as(included.out()).isZero();
        assertThat(included.out()).contains("inclusion OK: leaf " + entry.leafHash() + " is entry 7 of log " + ORIGIN
                + " at tree size 13");

        Files.writeString(entryFile, entry.entryJson().replace("exchange-7", "exchange-8"));
        Run edited = verifier("verify-inclusion", "--entry", entryFile.toString(), "--checkpoint",
                head13.toString(), "--proof", inclusion.toString(), "--cert", certificate.toString(), "--origin", ORIGIN);
        assertThat(edited.exitCode()).isEqualTo(1);
        assertThat(edited.out()).contains("inclusion NOT VERIFIED");
    }
}
