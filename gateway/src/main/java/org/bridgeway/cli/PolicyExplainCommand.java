package org.bridgeway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.intake.Violation;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.pipeline.Recipient;
import org.bridgeway.pipeline.RecipientResolver;
import org.bridgeway.policy.EmbeddedDecisionPoint;
import org.bridgeway.policy.LawfulBasis;
import org.bridgeway.policy.PolicyDecision;
import org.bridgeway.policy.PolicyInput;
import org.bridgeway.policy.PolicyLoadException;
import org.bridgeway.reference.ReferenceData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bridgeway policy explain --notice FILE --recipient ORG [--relation RELATION] [--date YYYY-MM-DD]}: what the
 * policy would decide for sharing a JSON placement notice (as accepted by {@code POST /api/v1/placements}) with one
 * organisation, in the relation the pipeline would ask about it in (or the one given), set out for a data
 * protection officer. Uses only the reference data and the embedded decision point: no gateway,
 * database or broker is started, and nothing is recorded or sent.
 *
 * <p>Exit codes: 0 the decision was explained (allow or deny); 1 the policy set cannot be loaded; 2 bad usage,
 * an unreadable notice, or a notice with violations (each printed).
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Explain the policy decision for sharing a JSON placement notice with one organisation.")
final class PolicyExplainCommand implements Callable<Integer> {
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final String LABEL = "  %-26s %s%n";

    @Spec
    CommandSpec spec;

    @Option(names = "--notice", required = true, paramLabel = "FILE",
            description = "A JSON placement notice, as POST /api/v1/placements accepts.")
    Path notice;

    @Option(names = "--recipient", required = true, paramLabel = "ORG",
            description = "The organisation id to share with, e.g. police:kent, local-authority:352, health:LAC352.")
    String recipient;

    @Option(names = "--relation", paramLabel = "RELATION",
            description = "The recipient's relation to the notice, e.g. placement-area-force (default: the relation the"
                    + " placement's recipient rule gives the organisation, or none when it is not among them).")
    String relation;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "The date to decide for (default: today in the UK).")
    String date;

    @Option(names = "--agreements", paramLabel = "DIR",
            description = "The agreements directory, with agreement.schema.json beside it (default policies/agreements).")
    Path agreements;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return explain(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int explain(PrintWriter out, PrintWriter err) {
        LocalDate on;
        try {
            on = date == null ? LocalDate.now(UK) : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            err.printf("--date %s is not a date (YYYY-MM-DD)%n", date);
            return 2;
        }
        Organisation to;
        try {
            to = Organisation.parseId(recipient);
        } catch (IllegalArgumentException e) {
            err.printf("--recipient %s is not an organisation id such as police:kent: %s%n", recipient, e.getMessage());
            return 2;
        }
        byte[] body;
        try {
            body = Files.readAllBytes(notice);
        } catch (IOException e) {
            err.printf("bridgeway policy explain: cannot read the notice: %s — give --notice a readable JSON file%n",
                    org.bridgeway.verifier.FileProblems.describe(e));
            return 2;
        }
        ReferenceData reference = ReferenceData.shipped();
        JsonIntakeResult parsed = new PlacementJsonIntake(reference, () -> "policy-explain").parse(body);
        if (parsed instanceof JsonIntakeResult.Refused refused) {
            err.printf("%s is not a valid placement notice (%d violation(s)); nothing to decide:%n", notice,
                    refused.violations().size());
            for (Violation v : refused.violations()) {
                err.printf("  %s  [%s]  %s%n", v.field(), v.rule(), v.message());
            }
            return 2;
        }
        Notice n = ((JsonIntakeResult.Accepted) parsed).notice();

        EmbeddedDecisionPoint engine;
        Path dir = agreements != null ? agreements
                : GatewayConfig.embeddedDefaults(GatewayConfig.locateProjectRoot()).agreementsDirectory();
        try {
            engine = new EmbeddedDecisionPoint(dir);
        } catch (PolicyLoadException e) {
            err.printf("the policy set cannot be loaded: %s%n", e.getMessage());
            return 1;
        }

        List<Recipient> resolved = recipientsOf(n, reference);
        String as = relation != null ? relation : resolved.stream().filter(r -> r.id().equals(to.id()))
                .map(Recipient::relation).findFirst().orElse(null);
        PolicyInput input;
        try {
            input = as == null ? PolicyInput.of(n, to, on) : PolicyInput.of(n, to, as, on);
        } catch (IllegalArgumentException e) {
            err.printf("--relation %s: %s%n", relation, e.getMessage());
            return 2;
        }
        PolicyDecision d = engine.decide(input);
        print(out, n, to, on, input, d, resolved);
        return 0;
    }

    private static void print(PrintWriter out, Notice n, Organisation to, LocalDate on, PolicyInput input,
                              PolicyDecision d, List<Recipient> resolved) {
        out.printf("Policy decision for sharing a %s notice%n", n.exchangeType().slug());
        out.printf(LABEL, "from:", n.sender().id());
        out.printf(LABEL, "to:", to.id());
        String relationAsked = input.recipient().relation();
        out.printf(LABEL, "relation:", relationAsked != null ? relationAsked
                : "none (only agreement entries that list no relations apply)");
        out.printf(LABEL, "on:", on);
        if (!resolved.isEmpty()) {
            out.printf(LABEL, "notice would be sent to:", String.join(", ",
                    resolved.stream().map(r -> r.id() + " as " + r.relation()).toList())
                    + (resolved.stream().anyMatch(r -> r.id().equals(to.id())) ? ""
                    : "  (" + to.id() + " is not among them)"));
        }
        out.println();
        out.printf(LABEL, "Decision:", d.allow() ? "ALLOW" : "DENY");
        out.printf(LABEL, "Agreement:", d.agreementId() == null ? "none"
                : d.agreementId() + " version " + d.agreementVersion());
        out.printf(LABEL, "Policy revision:", d.policyRevision());
        out.printf(LABEL, "Input digest:", input.digest());

        out.println("Lawful basis:");
        LawfulBasis basis = d.lawfulBasis();
        if (basis == null) {
            out.printf(LABEL, "none", "(nothing may be disclosed)");
        } else {
            out.printf(LABEL, "UK GDPR Article 6:", basis.article6());
            out.printf(LABEL, "UK GDPR Article 9:", basis.article9() == null
                    ? "not needed (no special category data disclosed)" : basis.article9());
            out.printf(LABEL, "DPA 2018 Schedule 1:", basis.schedule1Condition() == null
                    ? "not needed" : basis.schedule1Condition());
            out.printf(LABEL, "DPA 2018 Part 3 purpose:", basis.part3Purpose() == null
                    ? "not applicable (not a competent authority)" : basis.part3Purpose());
            out.printf(LABEL, "Legal gateway:", basis.legalGateway());
        }

        fields(out, "Permitted fields", d.permittedFields());
        fields(out, "Withheld fields", d.withheldFields());
        out.printf("Retention: %s%n", d.retention() == null ? "none (nothing disclosed)"
                : d.retention() + " from receipt");
        numbered(out, "Obligations", d.obligations());
        numbered(out, "Reasons", d.reasons());
    }

    /** The recipients the pipeline would ask about, each in its relation; none if the reference data cannot say. */
    private static List<Recipient> recipientsOf(Notice n, ReferenceData reference) {
        try {
            return new RecipientResolver(reference).recipientsOf(n);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static void fields(PrintWriter out, String title, List<String> fields) {
        out.printf("%s (%d):%n", title, fields.size());
        if (fields.isEmpty()) {
            out.println("  none");
        }
        fields.forEach(f -> out.printf("  %s%n", f));
    }

    private static void numbered(PrintWriter out, String title, List<String> lines) {
        out.printf("%s (%d):%n", title, lines.size());
        if (lines.isEmpty()) {
            out.println("  none");
        }
        for (int i = 0; i < lines.size(); i++) {
            out.printf("  %d. %s%n", i + 1, lines.get(i));
        }
    }
}
