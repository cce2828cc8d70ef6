package org.bridgeway.handover.deadlines;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.policy.PolicyLoadException;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.workflow.DeadlineDataReader;

/**
 * The deadlines of custody handovers, from {@code policies/workflows/custody-handover.yaml}: a default and overrides
 * per asked authority (by DfE number), for each step (acknowledge, answer, collect). Validated when the gateway starts:
 * a missing, unknown or out-of-range member is a {@link PolicyLoadException} naming the file and field.
 */
public final class HandoverDeadlines {
    public static final String FILE = "custody-handover.yaml";
    private static final List<String> MEMBERS = List.of("id", "exchangeType", "default", "authorities");
    private static final List<String> STEPS = List.of("acknowledge", "answer", "collect");
    private static final List<String> STEP_MEMBERS = List.of("due", "reminders");
    /** A child waits in a cell meanwhile: a step longer than a day is a typing error (P1D for PT1H). */
    private static final Duration LONGEST_DUE = Duration.ofHours(24);
    private static final int MOST_REMINDERS = 5;

    /** One step's deadline: due this long after its clock starts, reminded this long before it. */
    public record Step(Duration due, List<Duration> reminders) {
        public Step {
            reminders = List.copyOf(reminders);
        }
    }

    /** The three steps of one authority. */
    public record Steps(Step acknowledge, Step answer, Step collect) {
    }

    private record Partial(Optional<Step> acknowledge, Optional<Step> answer, Optional<Step> collect) {
    }

    private final String id;
    private final Steps defaults;
    private final Map<DfeLaCode, Partial> authorities;

    private HandoverDeadlines(String id, Steps defaults, Map<DfeLaCode, Partial> authorities) {
        this.id = id;
        this.defaults = defaults;
        this.authorities = Map.copyOf(authorities);
    }

    public String id() {
        return id;
    }

    /** The steps of {@code authority}: its own where the file gives them, else the default's. */
    public Steps forAuthority(DfeLaCode authority) {
        Partial own = authorities.get(authority);
        if (own == null) {
            return defaults;
        }
        return new Steps(own.acknowledge().orElse(defaults.acknowledge()), own.answer().orElse(defaults.answer()),
                own.collect().orElse(defaults.collect()));
    }

    /** Reads and validates the deadlines in {@code directory}. */
    public static HandoverDeadlines load(Path directory, ReferenceData reference) {
        Path file = directory.resolve(FILE);
        DeadlineDataReader r = new DeadlineDataReader(file);
        JsonNode root = r.read("custody handover deadlines");
        r.mapping(root, "$", MEMBERS);
        String id = r.text(root, "$", "id");
        String exchangeType = r.text(root, "$", "exchangeType");
        if (!exchangeType.equals(ExchangeType.CUSTODY_HANDOVER_DEADLINE.slug())) {
            throw new PolicyLoadException(file, "$.exchangeType", "the custody handover deadlines are for "
                    + ExchangeType.CUSTODY_HANDOVER_DEADLINE.slug() + " only");
        }
        Partial d = steps(r, root.get("default"), "$.default");
        for (int i = 0; i < STEPS.size(); i++) {
            if (List.of(d.acknowledge(), d.answer(), d.collect()).get(i).isEmpty()) {
                throw new PolicyLoadException(file, "$.default." + STEPS.get(i), "is required in the default");
            }
        }
        Steps defaults = new Steps(d.acknowledge().orElseThrow(), d.answer().orElseThrow(), d.collect().orElseThrow());
        acknowledgeBeforeAnswer(file, defaults, "$.default");
        Map<DfeLaCode, Partial> authorities = new HashMap<>();
        JsonNode all = root.get("authorities");
        if (all != null) {
            if (!all.isObject()) {
                throw new PolicyLoadException(file, "$.authorities", "must be a mapping of DfE numbers to deadlines");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = "$.authorities." + e.getKey();
                DfeLaCode code;
                try {
                    code = DfeLaCode.parse(e.getKey());
                } catch (InvalidValueException bad) {
                    throw new PolicyLoadException(file, path, "not a DfE local authority number: " + bad.getMessage());
                }
                if (reference.localAuthority(code).isEmpty()) {
                    throw new PolicyLoadException(file, path, "no local authority with this DfE number in the"
                            + " reference data");
                }
                Partial own = steps(r, e.getValue(), path);
                authorities.put(code, own);
                acknowledgeBeforeAnswer(file, new Steps(own.acknowledge().orElse(defaults.acknowledge()),
                        own.answer().orElse(defaults.answer()), defaults.collect()), path);
            }
        }
        return new HandoverDeadlines(id, defaults, authorities);
    }

    private static Partial steps(DeadlineDataReader r, JsonNode node, String path) {
        r.mapping(node, path, STEPS);
        return new Partial(step(r, node.get("acknowledge"), path + ".acknowledge"),
                step(r, node.get("answer"), path + ".answer"), step(r, node.get("collect"), path + ".collect"));
    }

    private static Optional<Step> step(DeadlineDataReader r, JsonNode node, String path) {
        if (node == null) {
            return Optional.empty();
        }
        r.mapping(node, path, STEP_MEMBERS);
        if (node.get("due") == null) {
            throw new PolicyLoadException(r.file(), path + ".due", "is required: how long after its clock starts"
                    + " the step is due");
        }
        Duration due = r.duration(node.get("due"), path + ".due");
        if (due.compareTo(LONGEST_DUE) > 0) {
            throw new PolicyLoadException(r.file(), path + ".due", "must be at most " + LONGEST_DUE.toHours()
                    + " hours (PT24H)");
        }
        List<Duration> reminders = node.get("reminders") == null ? List.of()
                : r.reminders(node.get("reminders"), path + ".reminders", MOST_REMINDERS);
        for (Duration reminder : reminders) {
            if (reminder.compareTo(due) >= 0) {
                throw new PolicyLoadException(r.file(), path + ".reminders", "the reminder " + reminder
                        + " before the deadline would fall before the step's clock starts (due " + due + ")");
            }
        }
        return Optional.of(new Step(due, reminders));
    }

    private static void acknowledgeBeforeAnswer(Path file, Steps steps, String path) {
        if (steps.acknowledge().due().compareTo(steps.answer().due()) > 0) {
            throw new PolicyLoadException(file, path + ".acknowledge.due", "the acknowledgement ("
                    + steps.acknowledge().due() + ") cannot be due after the answer (" + steps.answer().due() + ")");
        }
    }
}
