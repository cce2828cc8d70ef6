package org.bridgeway.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.adapters.missing.ReturnInterviewOutcomeJsonReader;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.intake.Violation;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.ReturnInterviewOutcomeNotice;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.workflow.EpisodeRecords;
import org.bridgeway.workflow.JdbcReturnInterviewTasks;
import org.bridgeway.workflow.ReturnInterviewOutcomeAdmission;
import org.bridgeway.workflow.ReturnInterviewTask;

/**
 * Return home interviews as tracked work, for the authorities that hold them:
 * <ul>
 *   <li>{@code GET /api/v1/return-interviews}: the caller's tasks (those it holds, and those it is responsible for),
 *       soonest due first, with their due time and state; identifiers only.</li>
 *   <li>{@code POST /api/v1/return-interviews/{taskId}/assignment} {@code {"to": "local-authority:NNN"}}: the
 *       responsible authority hands its open task to another local authority (the host authority, or one acting as
 *       commissioned provider). 200 with the task; 404 for an unknown task, 403 when the caller is not the
 *       responsible authority, 409 when the task is completed, 400 when the new holder is not a known authority.</li>
 *   <li>{@code POST /api/v1/return-interview-outcomes}: the outcome, as JSON
 *       ({@code schemas/return-interview-outcome.schema.json}), by the task's holder or its responsible authority;
 *       the answers of every single-notice endpoint ({@link NoticeSubmissions}), and 404 for an episode the gateway
 *       has no record or task of, 403 for a caller that does not hold the task, 409 for a task already completed
 *       by another outcome. Accepting it completes the task.</li>
 * </ul>
 */
public final class ReturnInterviewApi {
    private static final int MOST_TASKS = 500;
    private static final JsonBodyReader ASSIGNMENT = new JsonBodyReader(4096, "the new holder");

    private final CallerIdentity callers;
    private final JdbcReturnInterviewTasks tasks;
    private final ReturnInterviewOutcomeAdmission admission;
    private final ReferenceData reference;
    private final Supplier<String> exchangeIds;
    private final Clock clock;
    private final ReturnInterviewOutcomeJsonReader reader = new ReturnInterviewOutcomeJsonReader();

    public ReturnInterviewApi(CallerIdentity callers, JdbcReturnInterviewTasks tasks, EpisodeRecords episodes,
                              ReferenceData reference, Supplier<String> exchangeIds, Clock clock) {
        this.callers = callers;
        this.tasks = tasks;
        this.admission = new ReturnInterviewOutcomeAdmission(tasks, episodes);
        this.reference = reference;
        this.exchangeIds = exchangeIds;
        this.clock = clock;
    }

    public void list(Exchange exchange) {
        Optional<Organisation> caller = ApiResponses.authenticated(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        List<Map<String, Object>> answer = tasks.tasksOf(caller.get(), MOST_TASKS).stream().map(this::view).toList();
        ApiResponses.json(exchange, 200, Map.of("tasks", answer));
    }

    public void reassign(Exchange exchange) {
        Optional<Organisation> caller = ApiResponses.authenticated(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        String taskId = exchange.getMessage().getHeader("taskId", String.class);
        Optional<ReturnInterviewTask> task = taskId == null ? Optional.empty() : tasks.task(taskId);
        if (task.isEmpty()) {
            ApiResponses.refuse(exchange, 404, "Not found", "no return interview task " + taskId, null);
            return;
        }
        if (!task.get().responsible(caller.get())) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "only the responsible authority ("
                    + task.get().responsibleAuthority() + ") hands its return interview task to another", null);
            return;
        }
        if (!task.get().open()) {
            ApiResponses.refuse(exchange, 409, "Conflict", "the return interview task is completed", null);
            return;
        }
        Optional<Organisation> to = newHolder(exchange);
        if (to.isEmpty()) {
            return;
        }
        Optional<ReturnInterviewTask> handed = tasks.reassign(taskId, to.get());
        if (handed.isEmpty()) { // completed meanwhile
            ApiResponses.refuse(exchange, 409, "Conflict", "the return interview task is completed", null);
            return;
        }
        ApiResponses.json(exchange, 200, view(handed.get()));
    }

    /** The authority named by the body's {@code to}, or empty after refusing the request with 400 or 413. */
    private Optional<Organisation> newHolder(Exchange exchange) {
        JsonBodyReader.Result read = ASSIGNMENT.read(exchange.getMessage().getBody(byte[].class));
        if (read instanceof JsonBodyReader.Result.Refused refused) {
            ApiResponses.refuse(exchange, refused.tooLarge() ? 413 : 400, "Invalid assignment",
                    refused.violation().message(), Map.of("violations", List.of(Violation.of(refused.violation()))));
            return Optional.empty();
        }
        JsonNode to = ((JsonBodyReader.Result.Parsed) read).document().get("to");
        Optional<Organisation> authority = Optional.empty();
        if (to != null && to.isTextual()) {
            try {
                Organisation named = Organisation.parseId(to.asText());
                if (named.type() == OrganisationType.LOCAL_AUTHORITY) {
                    authority = reference.localAuthority(DfeLaCode.parse(named.code())).map(la -> la.organisation());
                }
            } catch (RuntimeException e) {
                // answered below, with the rule
            }
        }
        if (authority.isEmpty()) {
            ApiResponses.refuse(exchange, 400, "Invalid assignment", "a task is handed to a local authority the"
                    + " gateway knows", Map.of("violations", List.of(new Violation("to", "assignment.to",
                    "\"to\" must be the organisation id of a known local authority, e.g. local-authority:352"))));
        }
        return authority;
    }

    /** One outcome as JSON: the body becomes the notice, or the refusal is written. */
    public void acceptOutcome(Exchange exchange) {
        NoticeSubmissions.accept(exchange, callers, this::read, "return interview outcome");
        if (exchange.isRouteStop()) {
            return;
        }
        ReturnInterviewOutcomeNotice outcome = exchange.getMessage().getBody(ReturnInterviewOutcomeNotice.class);
        admission.refusalOf(outcome).ifPresent(refusal -> ApiResponses.refuse(exchange, refusal.status(),
                refusal.title(), refusal.message(), refusal.rule().map(rule -> Map.of("rule", rule)).orElse(null)));
    }

    private JsonIntakeResult read(byte[] body, Organisation caller) {
        MissingReadResult<ReturnInterviewOutcomeNotice> result = reader.read(body, caller, clock.instant(),
                exchangeIds);
        if (result instanceof MissingReadResult.Refused<ReturnInterviewOutcomeNotice> refused) {
            return new JsonIntakeResult.Refused(refused.violations().stream().map(Violation::of).toList());
        }
        return new JsonIntakeResult.Accepted(((MissingReadResult.Accepted<ReturnInterviewOutcomeNotice>) result)
                .notice());
    }

    public void schema(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "application/schema+json",
                PlacementJsonIntake.resource("/schemas/return-interview-outcome.schema.json"));
    }

    private Map<String, Object> view(ReturnInterviewTask t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("taskId", t.taskId());
        v.put("episodeId", t.episodeId());
        v.put("responsibleAuthority", t.responsibleAuthority().value());
        t.hostAuthority().ifPresent(h -> v.put("hostAuthority", h.value()));
        v.put("owner", t.owner().id());
        v.put("returnedAt", t.returnedAt().toString());
        v.put("dueAt", t.dueAt().toString());
        v.put("state", t.state());
        v.put("overdue", t.open() && clock.instant().isAfter(t.dueAt()));
        t.outcomeExchangeId().filter(x -> !t.open()).ifPresent(x -> v.put("outcomeExchangeId", x));
        return v;
    }
}
