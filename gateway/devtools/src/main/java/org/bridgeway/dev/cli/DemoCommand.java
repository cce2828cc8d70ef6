package org.bridgeway.dev.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bridgeway.audit.key.AuditCertificate;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.TreeHead;
import org.bridgeway.cli.Logging;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.intake.Violation;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.dev.tsa.DevelopmentTimestampAuthority;
import org.bridgeway.audit.timestamp.Rfc3161Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the gateway on embedded defaults, replays the sample inputs (or the files of {@code --input}: an SSDA903
 * return's CSV files and schools' exclusion XML files), prints what each recipient received, what was withheld and
 * on which lawful basis, then stops.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Replay sample inputs through an embedded gateway and show what each recipient received.")
final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    static final String DEVELOPMENT_TSA_CERTIFICATE = "development-tsa.crt";

    @Option(names = "--input", description = "A folder holding the CSV files of one SSDA903 return and/or schools' exclusion XML files (default: the samples shipped in samples/).")
    Path input;

    @Option(names = "--json", description = "Print one JSON object per line: delivered, denied, rejected.")
    boolean json;

    @Option(names = "--placing-authority", defaultValue = "886",
            description = "DfE number of the authority responsible for the children in the return (default ${DEFAULT-VALUE}, Kent).")
    String placingAuthority;

    @Option(names = "--with-keycloak", description = "Also start a real Keycloak (unpacked by the build into "
            + "gateway/devtools/target/keycloak), get the sending organisation's certificate-bound token over mutual "
            + "TLS and validate it as the gateway does.")
    boolean withKeycloak;

    @Option(names = "--data", description = "Data directory for this run; emptied first (default ./data/demo).")
    Path data;

    @Option(names = "--console", description = "After the replay, serve the console for people on the demo's "
            + "gateway, signing in through a real Keycloak, until Ctrl-C; prints the demo users' passwords once.")
    boolean console;

    @Option(names = "--console-port", defaultValue = "8444",
            description = "With --console: the console's HTTPS port (default ${DEFAULT-VALUE}).")
    int consolePort;

    @Override
    public Integer call() throws IOException, CertificateEncodingException {
        Logging.quiet();
        Path root = GatewayConfig.locateProjectRoot();
        Organisation placing;
        try {
            placing = ReferenceData.shipped().localAuthority(DfeLaCode.parse(placingAuthority))
                    .orElseThrow(() -> new InvalidValueException("la-code.unknown", "no English children's services "
                            + "authority has DfE number " + placingAuthority)).organisation();
        } catch (InvalidValueException e) {
            System.err.println("bridgeway demo: --placing-authority: " + e.getMessage());
            return 2;
        }
        if (input != null && !Files.isDirectory(input)) {
            System.err.println("bridgeway demo: --input " + input + " is not a folder");
            return 2;
        }
        Path dataDir = data != null ? data.toAbsolutePath() : root.resolve("data").resolve("demo");
        ScratchData.empty(dataDir);
        GatewayConfig config = GatewayConfig.embeddedDefaults(root);
        config = new GatewayConfig(root, dataDir, placing,
                config.httpHost(), config.httpPort(), false);
        PrintStream out = System.out;
        if (!withKeycloak) {
            (json ? System.err : out).println("Identity: no Keycloak in this demo; callers are development identities "
                    + "(--with-keycloak starts a real Keycloak and validates a certificate-bound token).");
        } else if (!KeycloakDemo.show(root, dataDir, placing, json ? System.err : out)) {
            return 1;
        }
        List<Outcome> outcomes = new ArrayList<>();
        try (DevelopmentTimestampAuthority tsa = DevelopmentTimestampAuthority.start();
             Gateway gateway = Gateway.start(config.withTimestamps(new Rfc3161Client(tsa.url(), tsa.certificate())))) {
            Files.writeString(dataDir.resolve("keys").resolve(DEVELOPMENT_TSA_CERTIFICATE),
                    AuditCertificate.pem(new JcaX509CertificateHolder(tsa.certificate())));
            gateway.outcomes().add(outcome -> {
                synchronized (outcomes) {
                    if (json) {
                        out.println(jsonLine(outcome));
                    } else {
                        outcomes.add(outcome);
                    }
                }
            });
            if (!json) {
                out.printf("Bridgeway demo: embedded Artemis, H2 database under %s, embedded policy decision point,%n"
                        + "  audit tree heads timestamped by a development time-stamping authority on %s%n",
                        root.relativize(dataDir), tsa.url());
                out.printf("  policy revision %s; responsible authority %s%n%n",
                        gateway.decisionPoint().revision().substring(0, 12), config.operator().id());
            }
            if (input != null) {
                replayInput(gateway, input.toAbsolutePath(), dataDir, out, outcomes);
            } else {
                for (Path ret : listDirectories(root.resolve("samples").resolve("ssda903"))) {
                    replayReturn(gateway, ret, out);
                }
                PlacementJsonIntake placements = new PlacementJsonIntake(gateway.reference(),
                        () -> java.util.UUID.randomUUID().toString());
                for (Path placement : listFiles(root.resolve("samples").resolve("placements"), ".json")) {
                    replayJson(gateway, placement, placements::parse, "JSON placement notice", out, outcomes);
                }
                for (Path exclusion : listFiles(root.resolve("samples").resolve("exclusions"), "")) {
                    if (isXml(exclusion)) {
                        replayExclusionFile(gateway, exclusion, out);
                    } else if (exclusion.getFileName().toString().endsWith(".json")) {
                        replayJson(gateway, exclusion, gateway.exclusionIntake()::fromJson, "JSON exclusion notice",
                                out, outcomes);
                    }
                }
            }
            if (!json) {
                printReport(outcomes, out);
                TreeHead head = gateway.auditLog().headIncluding(Math.max(0, gateway.auditLog().size() - 1));
                AuditVerification audit = gateway.auditLog().verify();
                out.printf("%nAudit log: %d entries, Merkle tree head of size %d signed, %s. Mailboxes and audit "
                                + "log are in %s.%n", audit.entriesChecked(), head.size(),
                        audit.valid() ? "verified" : "BROKEN: " + audit.problem(), root.relativize(dataDir));
            }
            if (console) {
                // serves until Ctrl-C, which ends the JVM: the stories below are for a demo without the console
                return ConsoleDemo.serve(root, dataDir, gateway, consolePort, out) ? 0 : 1;
            }
        }
        if (input == null) {
            tellStory(dataDir.resolve("placement-story"), PlacementStory.START, config, out, (gateway, clock) ->
                    new PlacementStory(gateway, clock, root.resolve("samples").resolve("placement-story"), out, json));
            tellStory(dataDir.resolve("missing-story"), MissingStory.START, config, out, (gateway, clock) ->
                    new MissingStory(gateway, clock, root.resolve("samples").resolve("missing"), out, json));
            tellStory(dataDir.resolve("handover-story"), HandoverStory.START, config, out, (gateway, clock) ->
                    new HandoverStory(gateway, clock, root.resolve("samples").resolve("custody-handover"), out,
                            json));
        }
        return 0;
    }

    /**
     * A story runs on a gateway of its own, whose clock the story moves on through days or weeks, so that the other
     * samples keep the real date.
     */
    private void tellStory(Path storyData, Instant start, GatewayConfig demo, PrintStream out,
                           BiFunction<Gateway, StoryClock, Story> story) throws IOException {
        StoryClock clock = new StoryClock(start);
        GatewayConfig config = new GatewayConfig(demo.projectRoot(), storyData, demo.operator(), demo.httpHost(),
                demo.httpPort(), false);
        try (Gateway gateway = Gateway.start(config, clock)) {
            story.apply(gateway, clock).tell(chapter -> {
                if (json) {
                    chapter.forEach(o -> out.println(jsonLine(o)));
                } else {
                    printChapter(chapter, out);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("the demo's story was interrupted", e);
        }
    }

    private void replayReturn(Gateway gateway, Path folder, PrintStream out) {
        if (!json) {
            out.printf("SSDA903 return %s%n", folder.getFileName());
        }
        gateway.processReturn(folder);
    }

    /**
     * The files of {@code --input}: each exclusion XML file (by extension or content) as a school's file, and the
     * other files, if any, as one SSDA903 return (copied aside, so that the XML files are not read as part of it).
     */
    private void replayInput(Gateway gateway, Path dir, Path dataDir, PrintStream out, List<Outcome> outcomes)
            throws IOException {
        List<Path> files = listFiles(dir, "");
        List<Path> returnFiles = files.stream().filter(f -> !isXml(f)).toList();
        if (!returnFiles.isEmpty()) {
            Path ret = dataDir.resolve("input").resolve(dir.getFileName() == null ? "return" : dir.getFileName().toString());
            Files.createDirectories(ret);
            for (Path f : returnFiles) {
                Files.copy(f, ret.resolve(f.getFileName()));
            }
            replayReturn(gateway, ret, out);
        }
        for (Path f : files) {
            if (isXml(f)) {
                replayExclusionFile(gateway, f, out);
            }
        }
    }

    /** An exclusion XML file: named .xml, or beginning (after any byte-order mark and white space) with '<'. */
    static boolean isXml(Path file) {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml")) {
            return true;
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(64), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\uFEFF", "").stripLeading();
            return head.startsWith("<");
        } catch (IOException e) {
            return false;
        }
    }

    private void replayExclusionFile(Gateway gateway, Path file, PrintStream out) {
        if (!json) {
            out.printf("Exclusion file %s%n", file.getFileName());
        }
        gateway.processExclusionFile(file);
    }

    private void replayJson(Gateway gateway, Path file, java.util.function.Function<byte[], JsonIntakeResult> intake,
                            String what, PrintStream out, List<Outcome> outcomes) throws IOException {
        JsonIntakeResult result = intake.apply(Files.readAllBytes(file));
        if (result instanceof JsonIntakeResult.Accepted accepted) {
            if (!json) {
                out.printf("%s %s%n", what, file.getFileName());
            }
            gateway.submit(accepted.notice());
        } else {
            for (Violation v : ((JsonIntakeResult.Refused) result).violations()) {
                Outcome rejected = new Outcome.Rejected(file.getFileName().toString(), null, v.field(), v.rule(), v.message());
                synchronized (outcomes) {
                    if (json) {
                        out.println(jsonLine(rejected));
                    } else {
                        outcomes.add(rejected);
                    }
                }
            }
        }
    }

    private static void printReport(List<Outcome> outcomes, PrintStream out) {
        Map<String, List<Outcome>> byExchange = byExchange(outcomes);
        List<Outcome.Rejected> rejected = new ArrayList<>();
        List<Outcome.Duplicate> duplicates = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Rejected r) {
                rejected.add(r);
            } else if (o instanceof Outcome.Duplicate d) {
                duplicates.add(d);
            }
        }
        out.printf("%n%d notice(s) dispatched%n", byExchange.size());
        printExchanges(byExchange, out);
        if (!duplicates.isEmpty()) {
            out.printf("%n%d notice(s) recognised as re-submissions and not delivered again%n", duplicates.size());
        }
        if (!rejected.isEmpty()) {
            out.printf("%n%d input row(s) or file(s) rejected and quarantined (nothing from them was shared):%n", rejected.size());
            rejected.sort(Comparator.comparing(Outcome.Rejected::file)
                    .thenComparing(r -> r.row() == null ? 0 : r.row()));
            for (Outcome.Rejected r : rejected) {
                out.printf("  %s%s%s  [%s]  %s%n", r.file(), r.row() == null ? "" : " row " + r.row(),
                        r.column() == null ? "" : " column " + r.column(), r.rule(), r.message());
            }
        }
    }

    /** What a chapter of the missing story delivered and denied, exchange by exchange. */
    static void printChapter(List<Outcome> outcomes, PrintStream out) {
        printExchanges(byExchange(outcomes), out);
    }

    /** The deliveries and denials, by exchange, in the order they happened. */
    private static Map<String, List<Outcome>> byExchange(List<Outcome> outcomes) {
        Map<String, List<Outcome>> byExchange = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Delivered d) {
                byExchange.computeIfAbsent(d.exchangeId(), k -> new ArrayList<>()).add(o);
            } else if (o instanceof Outcome.Denied d) {
                byExchange.computeIfAbsent(d.exchangeId(), k -> new ArrayList<>()).add(o);
            }
        }
        return byExchange;
    }

    private static void printExchanges(Map<String, List<Outcome>> byExchange, PrintStream out) {
        byExchange.forEach((exchangeId, list) -> {
            String notice = list.stream().filter(o -> o instanceof Outcome.Delivered)
                    .map(o -> " (" + ((Outcome.Delivered) o).notice() + ")").findFirst().orElse("");
            out.printf("%nexchange %s%s%n", exchangeId, notice);
            if (carries(list, MissingEpisodeNotice.Fields.STRATEGY_DISCUSSION_PROMPT)) {
                out.printf("  STRATEGY DISCUSSION PROMPT: the episode completes a pattern in the thresholds of"
                        + " policies/early-warnings/repeated-missing.yaml; the notice carries %s%n",
                        MissingEpisodeNotice.Fields.STRATEGY_DISCUSSION_PROMPT);
            }
            if (carries(list, ExclusionNotice.Fields.EXCLUSION_REPEATED_SUSPENSION_WARNING)) {
                out.printf("  EARLY WARNING: repeated suspensions recognised across the gateway's records;"
                        + " the notice carries %s%n", ExclusionNotice.Fields.EXCLUSION_REPEATED_SUSPENSION_WARNING);
            }
            for (Outcome o : list) {
                if (o instanceof Outcome.Delivered d) {
                    out.printf("  DELIVERED to %-24s as %-8s under %s%n", d.recipient(), d.format(), d.agreement());
                    out.printf("      shared:   %s%n", String.join(", ", d.fields()));
                    out.printf("      withheld: %s%n", d.withheld().isEmpty() ? "(nothing)" : String.join(", ", d.withheld()));
                    d.lawfulBasis().forEach((k, v) -> out.printf("      %-9s %s%n", k + ":", v));
                } else if (o instanceof Outcome.Denied d) {
                    out.printf("  DENIED    to %-24s%n", d.recipient());
                    d.reasons().forEach(r -> out.printf("      reason:   %s%n", r));
                }
            }
        });
    }

    private static boolean carries(List<Outcome> exchange, String field) {
        return exchange.stream().anyMatch(o -> o instanceof Outcome.Delivered d && d.fields().contains(field));
    }

    static String jsonLine(Outcome outcome) {
        String key;
        if (outcome instanceof Outcome.Delivered) {
            key = "delivered";
        } else if (outcome instanceof Outcome.Denied) {
            key = "denied";
        } else if (outcome instanceof Outcome.Rejected) {
            key = "rejected";
        } else {
            key = "duplicate";
        }
        try {
            return JSON.writeValueAsString(Map.of(key, outcome));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> listDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Path> listFiles(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
