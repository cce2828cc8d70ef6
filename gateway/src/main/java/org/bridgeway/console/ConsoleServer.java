package org.bridgeway.console;

import static org.bridgeway.console.FormFields.input;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.store.TimeOrderedIds;
import org.bridgeway.transport.GatewayHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console for people: its own HTTPS listener, apart from the systems' mutual-TLS API. People sign in through the
 * realm's OpenID provider ({@link OidcSignIn}); the session lives in the server's memory behind an HttpOnly, Secure,
 * SameSite cookie and ends after {@link ConsoleSettings#idleTimeout()} unused, or at sign-out, which ends the
 * provider's session too. Every change is a POST carrying the session's CSRF token and an Origin of the console's
 * own; every page forbids inline script and framing, is never cached and never indexed. What a person may see is
 * decided here, on the server, by {@link ConsoleAuthorisation}, for their own organisation only.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final String PERSON = "person";
    private static final String ATTEMPTS = "sign-in-attempts";
    private static final int MOST_ATTEMPTS = 3;
    private static final int MOST_RETURN_PATH = 512;
    /**
     * How long a CSRF token serves. Tokens are bound to their session, which the idle timeout ends; a shorter life
     * would refuse a form opened late in a token's life and sent after it, losing what was typed.
     */
    private static final long CSRF_TOKEN_MILLIS = java.time.Duration.ofHours(12).toMillis();
    private static final String FLASH = "flash";
    /** The form field (and header) that carries the CSRF token, as Vert.x's CSRF handler reads it. */
    static final String CSRF_FIELD = CSRFHandler.DEFAULT_HEADER_NAME;
    /** A {@code __Host-} cookie is bound to this origin: Secure, path /, no Domain, so no other host may set it. */
    static final String SESSION_COOKIE = "__Host-bridgeway-console";
    static final String CSRF_COOKIE = "__Host-bridgeway-csrf";
    private static final long MOST_FORM_BYTES = 16 * 1024;
    /** The shape of the gateway's ids (exchanges, handovers) in a path or query: checked before any lookup. */
    private static final java.util.regex.Pattern GATEWAY_ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final String GOVUK_FRONTEND = "META-INF/resources/webjars/govuk-frontend/5.14.0/dist/govuk/";

    private final Vertx vertx;
    private final HttpServer server;
    private final URI origin;
    private final OidcSignIn signIn;
    private final Inbox inbox;
    private final HandoverBoard handovers;
    private final ExclusionForm exclusions;
    private final DisclosureInquiry disclosures;
    private final MissingBoard missing;
    private final OperationsDesk operations;
    private final PlacementForm placements;
    private final FiguresView figures;
    private final ConsoleEvents events;
    private final Pages pages = new Pages();
    private final SignInStartLimit signInStarts = SignInStartLimit.standard();
    private final Map<String, StaticFile> staticFiles;

    private record StaticFile(String contentType, Buffer body) {
    }

    /** A view in the header's navigation, shown to those who may use it. */
    private record NavigationLink(ConsoleView view, String href, String label) {
    }

    private static final List<NavigationLink> NAVIGATION = List.of(
            new NavigationLink(ConsoleView.HANDOVERS, "/handovers", "Custody handovers"),
            new NavigationLink(ConsoleView.INBOX, "/inbox", "Inbox"),
            new NavigationLink(ConsoleView.DISCLOSURES, "/disclosures", "Why was this shared?"),
            new NavigationLink(ConsoleView.SEND_EXCLUSION, "/exclusions/new", "Report an exclusion"),
            new NavigationLink(ConsoleView.SEND_PLACEMENT, "/placements/new", "Notify a placement"),
            new NavigationLink(ConsoleView.FIGURES, "/figures", "Figures"),
            new NavigationLink(ConsoleView.MISSING_CHILDREN, "/missing", "Missing children"),
            new NavigationLink(ConsoleView.VERIFY_RECEIPT, "/receipts/verify", "Check a receipt"),
            new NavigationLink(ConsoleView.OPERATIONS, "/operations", "Operations"));

    private ConsoleServer(Vertx vertx, HttpServer server, URI origin, OidcSignIn signIn, Views views) {
        this.vertx = vertx;
        this.server = server;
        this.origin = origin;
        this.signIn = signIn;
        this.inbox = views.inbox();
        this.handovers = views.handovers();
        this.exclusions = views.exclusions();
        this.disclosures = views.disclosures();
        this.missing = views.missing();
        this.operations = views.operations();
        this.placements = views.placements();
        this.figures = views.figures();
        this.events = new ConsoleEvents(vertx);
        this.staticFiles = Map.of(
                "govuk-frontend.min.css", staticFile(GOVUK_FRONTEND + "govuk-frontend.min.css", "text/css"),
                "console.css", staticFile("org/bridgeway/console/static/console.css", "text/css"),
                "console.js", staticFile("org/bridgeway/console/static/console.js", "text/javascript"),
                "receipt-check.js", staticFile("org/bridgeway/console/static/receipt-check.js", "text/javascript"));
    }

    /** What the console shows and does, over the gateway's data and pipeline. */
    public record Views(Inbox inbox, HandoverBoard handovers, ExclusionForm exclusions,
                        DisclosureInquiry disclosures, MissingBoard missing, OperationsDesk operations,
                        PlacementForm placements, FiguresView figures) {
    }

    /**
     * The console of a running gateway: its mailboxes, audit and decision logs, custody handovers and pipeline; its
     * boards refresh when the gateway delivers something to the organisation whose board it is.
     */
    public static ConsoleServer start(ConsoleSettings settings, Gateway gateway) {
        ConsoleServer console = start(settings, new Views(
                new Inbox(gateway.mailboxes(), gateway.auditLog(), gateway.decisionLog(), gateway.acknowledgements()),
                new HandoverBoard(gateway.custodyHandovers(), gateway.handoverTimers(), gateway::submit,
                        TimeOrderedIds::next, Clock.systemUTC()),
                new ExclusionForm(gateway.exclusionIntake()::fromJson, gateway::submit),
                new DisclosureInquiry(gateway.decisionLog(), gateway.auditLog()),
                MissingBoard.of(gateway),
                OperationsDesk.of(gateway),
                // the placement API's own reader, over the gateway's reference data
                new PlacementForm(new PlacementJsonIntake(gateway.reference(), TimeOrderedIds::next)::parse,
                        gateway::submit),
                FiguresView.of(gateway)));
        gateway.outcomes().add(outcome -> {
            if (outcome instanceof Outcome.Delivered delivered) {
                console.events.changed(delivered.recipient());
            }
        });
        return console;
    }

    /** Listens, reads the provider's configuration and serves; fails if either cannot be done. */
    public static ConsoleServer start(ConsoleSettings settings, Views views) {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer(
                    GatewayHttpServer.serverTls(settings.keyStore(), settings.keyStorePassword()));
            Router router = Router.router(vertx);
            server.requestHandler(router);
            server.listen(settings.port(), settings.host()).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            URI origin = settings.publicOrigin() != null ? settings.publicOrigin()
                    : URI.create("https://" + settings.host() + ":" + server.actualPort());
            OidcSignIn signIn = OidcSignIn.discover(settings, origin);
            ConsoleServer console = new ConsoleServer(vertx, server, origin, signIn, views);
            console.route(router, settings);
            LOG.info("console for people on {} (listening on {}:{}), signing in through {}", origin, settings.host(),
                    server.actualPort(), settings.issuer());
            return console;
        } catch (Exception e) {
            vertx.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot start the console on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Where people's browsers reach the console. */
    public URI origin() {
        return origin;
    }

    private void route(Router router, ConsoleSettings settings) {
        String formTargets = "'self' " + originOf(settings.issuer());
        router.route().handler(ctx -> {
            HttpServerResponse r = ctx.response();
            r.putHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                    + "img-src 'self'; font-src 'self'; connect-src 'self'; form-action " + formTargets
                    + "; frame-ancestors 'none'; base-uri 'none'");
            r.putHeader("Strict-Transport-Security", "max-age=31536000");
            r.putHeader("X-Content-Type-Options", "nosniff");
            r.putHeader("X-Frame-Options", "DENY");
            // not no-referrer: under it a browser sends "Origin: null" with a form, and changes are checked by Origin
            r.putHeader("Referrer-Policy", "same-origin");
            r.putHeader("Cross-Origin-Opener-Policy", "same-origin");
            r.putHeader("Cross-Origin-Resource-Policy", "same-origin");
            r.putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
            r.putHeader("X-Robots-Tag", "noindex, nofollow");
            ctx.next();
        });
        router.get("/static/:file").handler(this::staticFile);
        router.route().handler(SessionHandler.create(LocalSessionStore.create(vertx))
                .setSessionCookieName(SESSION_COOKIE)
                .setSessionCookiePath("/")
                .setCookieSecureFlag(true)
                .setCookieHttpOnlyFlag(true)
                // Lax, not Strict: the provider's redirect back to /callback is a top-level navigation from another
                // site, and must bring the session that holds the sign-in attempt. Changes are POSTs, which a Lax
                // cookie does not accompany from other sites, and carry the CSRF token besides.
                .setCookieSameSite(CookieSameSite.LAX)
                .setSessionTimeout(settings.idleTimeout().toMillis())
                .setMinLength(32));
        router.route().handler(BodyHandler.create(false).setBodyLimit(MOST_FORM_BYTES));
        router.route().handler(this::sameOriginChanges);
        // before the CSRF check: signing out must work from any page, a stale tab or an error page without a token;
        // another site cannot send it (the Origin check above), and being signed out is no harm to anyone
        router.post("/sign-out").handler(this::signOut);
        router.route().handler(CSRFHandler.create(vertx, randomSecret())
                .setCookieName(CSRF_COOKIE)
                .setCookiePath("/")
                .setCookieSecure(true)
                .setCookieHttpOnly(true)
                .setTimeout(CSRF_TOKEN_MILLIS));
        router.get("/callback").blockingHandler(this::completeSignIn, false);
        router.get("/signed-out").handler(ctx -> message(ctx, 200, "You have signed out",
                "You have signed out of the Bridgeway console and of your organisation's sign-in.",
                Optional.of(Map.of("href", "/", "label", "Sign in again"))));
        router.route().handler(this::requirePerson);
        router.get("/").handler(this::home);
        router.get("/inbox").blockingHandler(ctx -> allowed(ctx, ConsoleView.INBOX, this::inbox), false);
        router.get("/inbox/:messageId").blockingHandler(
                ctx -> allowed(ctx, ConsoleView.INBOX, this::notice), false);
        router.post("/inbox/:messageId/acknowledge").blockingHandler(
                ctx -> allowed(ctx, ConsoleView.ACKNOWLEDGE, this::acknowledge), false);
        router.get("/handovers").blockingHandler(ctx -> allowed(ctx, ConsoleView.HANDOVERS, (c, p) -> boardPage(c, p,
                "Custody handovers", ConsoleView.HANDOVERS, "handovers", this::handoverBoard)), false);
        router.get("/handovers/board").blockingHandler(ctx -> allowed(ctx, ConsoleView.HANDOVERS,
                (c, p) -> boardOnly(c, p, "handover-board", this::handoverBoard)), false);
        router.get("/handovers/:handoverId").blockingHandler(
                ctx -> allowed(ctx, ConsoleView.HANDOVERS, this::handover), false);
        router.post("/handovers/:handoverId/acknowledgement").blockingHandler(
                ctx -> allowed(ctx, ConsoleView.HANDOVER_ANSWER, this::acknowledgeHandover), false);
        router.post("/handovers/:handoverId/answer").blockingHandler(
                ctx -> allowed(ctx, ConsoleView.HANDOVER_ANSWER, this::answerHandover), false);
        router.get("/exclusions/new").handler(ctx -> allowed(ctx, ConsoleView.SEND_EXCLUSION,
                (c, p) -> exclusionForm(c, p, 200, Map.of(), List.of())));
        router.post("/exclusions").blockingHandler(
                ctx -> allowed(ctx, ConsoleView.SEND_EXCLUSION, this::sendExclusion), false);
        router.get("/disclosures").blockingHandler(
                ctx -> allowed(ctx, ConsoleView.DISCLOSURES, this::disclosures), false);
        router.get("/missing").blockingHandler(ctx -> allowed(ctx, ConsoleView.MISSING_CHILDREN, (c, p) -> boardPage(c,
                p, "Missing children", ConsoleView.MISSING_CHILDREN, "missing", this::missingBoard)), false);
        router.get("/missing/board").blockingHandler(ctx -> allowed(ctx, ConsoleView.MISSING_CHILDREN,
                (c, p) -> boardOnly(c, p, "missing-board", this::missingBoard)), false);
        router.get("/missing/interviews/:taskId").blockingHandler(ctx -> allowed(ctx, ConsoleView.RHI_OUTCOME,
                (c, p) -> interviewForm(c, p, 200, Map.of(), List.of(), null)), false);
        router.post("/missing/interviews/:taskId/outcome").blockingHandler(
                ctx -> allowed(ctx, ConsoleView.RHI_OUTCOME, this::recordInterview), false);
        // the auditor's receipt check (receipt-verify)
        router.get("/receipts/verify").handler(
                ctx -> allowed(ctx, ConsoleView.VERIFY_RECEIPT, this::receiptCheck));
        // the operator's desk (OperationsDesk)
        router.get("/operations").blockingHandler(
                ctx -> allowed(ctx, ConsoleView.OPERATIONS, this::operations), false);
        router.post("/operations/dead-letters/:messageId/replay").blockingHandler(
                ctx -> allowed(ctx, ConsoleView.DEAD_LETTER_REPLAY, this::replayDeadLetter), false);
        // the council's placement form (PlacementForm)
        router.get("/placements/new").handler(ctx -> allowed(ctx, ConsoleView.SEND_PLACEMENT,
                (c, p) -> placementForm(c, p, 200, Map.of(), List.of())));
        router.post("/placements").blockingHandler(
                ctx -> allowed(ctx, ConsoleView.SEND_PLACEMENT, this::sendPlacement), false);
        // the DPO's figures (FiguresView)
        router.get("/figures").blockingHandler(ctx -> allowed(ctx, ConsoleView.FIGURES, this::figures), false);
        router.get("/events").handler(ctx -> events.subscribe(person(ctx).orElseThrow().organisation().id(),
                ctx.response()));
        router.route().handler(ctx -> message(ctx, 404, "Page not found",
                "There is no such page in the console.", Optional.of(Map.of("href", "/", "label", "Go to the start"))));
        router.route().failureHandler(this::failed);
    }

    /**
     * A change (any method but GET and HEAD) must come from a page of the console itself: browsers name the page's
     * origin in {@code Origin}, which no other site's page can set. The CSRF token is the second, independent check.
     */
    private void sameOriginChanges(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            ctx.next();
            return;
        }
        String from = ctx.request().getHeader("Origin");
        if (from == null || !from.strip().equals(originOf(origin))) {
            ctx.fail(403);
            return;
        }
        ctx.next();
    }

    private void requirePerson(RoutingContext ctx) {
        Optional<ConsolePerson> person = person(ctx);
        if (person.isPresent()) {
            ctx.next();
            return;
        }
        if (ctx.request().method() != HttpMethod.GET) {
            message(ctx, 401, "Your session has ended", "Sign in again, then repeat what you were doing.",
                    Optional.of(Map.of("href", "/", "label", "Sign in")));
            return;
        }
        Duration wait = signInStarts.start(ctx.request().remoteAddress().hostAddress());
        if (!wait.isZero()) {
            ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            message(ctx, 429, "Too many sign-ins from your network",
                    "Wait a minute, then try again. If this keeps happening, tell the gateway operator.",
                    Optional.empty());
            return;
        }
        OidcSignIn.Attempt attempt = signIn.begin(returnPath(ctx.request().uri()));
        attempts(ctx.session()).put(attempt.state(), attempt);
        redirect(ctx, signIn.authorizationRedirect(attempt).toString());
    }

    /** Where to return after signing in: the page asked for, if it is a path of this console; else the start. */
    static String returnPath(String requestUri) {
        // "//host" and "/\host" are other sites to a browser: never a place to send someone just signed in; and no
        // console path is long, so a long one is only a way to fill the session
        return requestUri != null && requestUri.length() <= MOST_RETURN_PATH
                && requestUri.matches("/(?![/\\\\])[^\\\\]*") ? requestUri : "/";
    }

    /**
     * The sign-in attempts a session has under way, oldest first, at most a few: a person may start one in each of a
     * few tabs, and an anonymous client asking page after page must not grow the session without end.
     */
    private static Map<String, OidcSignIn.Attempt> attempts(Session session) {
        Map<String, OidcSignIn.Attempt> attempts = session.get(ATTEMPTS);
        if (attempts == null) {
            attempts = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, OidcSignIn.Attempt> eldest) {
                    return size() > MOST_ATTEMPTS;
                }
            });
            session.put(ATTEMPTS, attempts);
        }
        return attempts;
    }

    private void completeSignIn(RoutingContext ctx) {
        String state = ctx.request().getParam("state");
        OidcSignIn.Attempt attempt = state == null ? null : attempts(ctx.session()).remove(state);
        if (attempt == null) {
            message(ctx, 400, "This sign-in cannot be completed",
                    "It was not started in this browser, or it took too long. Start again.",
                    Optional.of(Map.of("href", "/", "label", "Sign in")));
            return;
        }
        ConsolePerson person;
        try {
            person = signIn.complete(attempt, origin.resolve(ctx.request().uri()));
        } catch (OidcSignIn.SignInFailed e) {
            LOG.warn("a console sign-in failed: {}", e.getMessage());
            message(ctx, 401, "You could not be signed in", e.getMessage() + ".",
                    Optional.of(Map.of("href", "/", "label", "Try again")));
            return;
        }
        ctx.session().regenerateId(); // a session id seen before sign-in is never the signed-in one
        ctx.session().put(PERSON, person);
        LOG.info("console sign-in: {}", person); // subject, organisation and roles; never the name
        redirect(ctx, attempt.returnTo());
    }

    private void signOut(RoutingContext ctx) {
        Optional<ConsolePerson> person = person(ctx);
        ctx.session().destroy();
        redirect(ctx, person.map(signIn::signOutRedirect).map(URI::toString).orElse("/signed-out"));
    }

    private void home(RoutingContext ctx) {
        ConsolePerson person = person(ctx).orElseThrow();
        // an authority's duty worker starts at the handovers, where the deadlines are; the others at their inbox
        if (ConsoleAuthorisation.allows(person, ConsoleView.HANDOVER_ANSWER)) {
            redirect(ctx, "/handovers");
            return;
        }
        if (person.roles().contains(ConsoleRole.MISSING_PERSON_COORDINATOR)) {
            redirect(ctx, "/missing");
            return;
        }
        if (ConsoleAuthorisation.allows(person, ConsoleView.INBOX)) {
            redirect(ctx, "/inbox");
            return;
        }
        if (ConsoleAuthorisation.allows(person, ConsoleView.DISCLOSURES)) {
            redirect(ctx, "/disclosures");
            return;
        }
        if (ConsoleAuthorisation.allows(person, ConsoleView.VERIFY_RECEIPT)) {
            redirect(ctx, "/receipts/verify");
            return;
        }
        if (ConsoleAuthorisation.allows(person, ConsoleView.OPERATIONS)) {
            redirect(ctx, "/operations");
            return;
        }
        message(ctx, 200, "Nothing here for your role yet",
                "The console has no view for your role yet. The gateway operator can tell you when it will.",
                Optional.empty());
    }

    private void inbox(RoutingContext ctx, ConsolePerson person) {
        Optional<String> before = Optional.ofNullable(ctx.request().getParam("before"));
        Inbox.Listing listing;
        try {
            listing = inbox.list(person, before);
        } catch (IllegalArgumentException e) {
            message(ctx, 400, "This page of the inbox does not exist", "Go back to the newest notices.",
                    Optional.of(Map.of("href", "/inbox", "label", "Newest notices")));
            return;
        }
        Map<String, Object> model = page(ctx, person, "Inbox", ConsoleView.INBOX);
        model.put("listing", listing);
        model.put("organisation", person.organisation().id());
        flash(ctx, model);
        html(ctx, 200, pages.render("inbox", model));
    }

    private void notice(RoutingContext ctx, ConsolePerson person) {
        String messageId = ctx.pathParam("messageId");
        Optional<Inbox.Reading> reading = Mailboxes.isMessageId(messageId)
                ? inbox.read(person, messageId) : Optional.empty();
        if (reading.isEmpty()) {
            noticeNotInInbox(ctx);
            return;
        }
        Map<String, Object> model = page(ctx, person, "Notice", ConsoleView.INBOX);
        model.put("reading", reading.get());
        html(ctx, 200, pages.render("notice", model));
    }

    private void noticeNotInInbox(RoutingContext ctx) {
        message(ctx, 404, "This notice is not in your inbox",
                "It may have been acknowledged already, or it was sent to another organisation.",
                Optional.of(Map.of("href", "/inbox", "label", "Back to the inbox")));
    }

    private void acknowledge(RoutingContext ctx, ConsolePerson person) {
        String messageId = ctx.pathParam("messageId");
        if (!Mailboxes.isMessageId(messageId) || !inbox.acknowledge(person, messageId)) {
            noticeNotInInbox(ctx);
            return;
        }
        ctx.session().put(FLASH, "The notice was acknowledged and has left the inbox.");
        redirect(ctx, "/inbox");
    }

    /** What a live board shows: its part of the model, for the person's organisation. */
    private interface Board {
        void fill(ConsolePerson person, Map<String, Object> model);
    }

    /** A board's page: the board, and what the person just did. */
    private void boardPage(RoutingContext ctx, ConsolePerson person, String title, ConsoleView view, String template,
                           Board board) {
        Map<String, Object> model = page(ctx, person, title, view);
        board.fill(person, model);
        model.put("organisation", person.organisation().id());
        flash(ctx, model);
        html(ctx, 200, pages.render(template, model));
    }

    /** The board alone, for the page's live refresh. */
    private void boardOnly(RoutingContext ctx, ConsolePerson person, String template, Board board) {
        Map<String, Object> model = new HashMap<>();
        board.fill(person, model);
        model.put("organisation", person.organisation().id());
        html(ctx, 200, pages.render(template, model));
    }

    /** The person's organisation's open handovers. */
    private void handoverBoard(ConsolePerson person, Map<String, Object> model) {
        model.put("lines", handovers.open(person));
    }

    /** The person's organisation's episodes not yet closed, and its interviews to hold. */
    private void missingBoard(ConsolePerson person, Map<String, Object> model) {
        model.put("episodes", missing.episodes(person));
        model.put("tasks", missing.openTasks(person));
        model.put("most", MissingBoard.MOST_LINES);
    }

    private void handover(RoutingContext ctx, ConsolePerson person) {
        showHandover(ctx, person, 200, List.of(), Map.of(), null);
    }

    private void showHandover(RoutingContext ctx, ConsolePerson person, int status,
                              List<HandoverBoard.FieldError> errors, Map<String, String> form, String refusal) {
        String id = ctx.pathParam("handoverId");
        Optional<HandoverBoard.Line> line = GATEWAY_ID.matcher(id).matches()
                ? handovers.one(person, id) : Optional.empty();
        if (line.isEmpty()) {
            message(ctx, 404, "This handover is not on your board",
                    "It was not requested by your force or asked of your authority.",
                    Optional.of(Map.of("href", "/handovers", "label", "Back to the board")));
            return;
        }
        Map<String, Object> model = page(ctx, person, "Custody handover", ConsoleView.HANDOVERS);
        model.put("line", line.get());
        model.put("answerable", line.get().open() && ConsoleAuthorisation.allows(person, ConsoleView.HANDOVER_ANSWER));
        List<Map<String, Object>> answers = new ArrayList<>();
        for (Map<String, Object> answer : HandoverBoard.lawfulAnswers(line.get().secureRequested())) {
            Map<String, Object> option = new HashMap<>(answer);
            option.put("checked", answer.get("code").equals(form.get("decision")));
            answers.add(option);
        }
        model.put("answers", answers);
        model.put("errors", errors);
        if (!errors.isEmpty()) {
            model.put("title", "Error: Custody handover"); // read first by a screen reader on the page's return
        }
        Map<String, String> byField = new HashMap<>();
        errors.forEach(e -> byField.putIfAbsent(e.field(), e.message()));
        model.put("error", byField);
        model.put("form", form);
        if (refusal != null) {
            model.put("refusal", refusal);
        }
        flash(ctx, model);
        html(ctx, status, pages.render("handover", model));
    }

    private void acknowledgeHandover(RoutingContext ctx, ConsolePerson person) {
        String id = ctx.pathParam("handoverId");
        stepDone(ctx, person, id, GATEWAY_ID.matcher(id).matches() ? handovers.acknowledge(person, id)
                : new HandoverBoard.Result.Refused("There is no such handover."), Map.of(),
                "You acknowledged the handover: the force knows you are on it.");
    }

    private void answerHandover(RoutingContext ctx, ConsolePerson person) {
        String id = ctx.pathParam("handoverId");
        Map<String, String> form = formOf(ctx, List.of("decision", "accommodationOffered", "collectionTime",
                "transportArrangements"));
        if (form.get("decision") == null) {
            showHandover(ctx, person, 400, List.of(new HandoverBoard.FieldError("decision",
                    "Choose your answer")), form, null);
            return;
        }
        stepDone(ctx, person, id, GATEWAY_ID.matcher(id).matches() ? handovers.answer(person, id, form)
                : new HandoverBoard.Result.Refused("There is no such handover."), form,
                "You answered the handover: the force has your answer.");
    }

    private void stepDone(RoutingContext ctx, ConsolePerson person, String id, HandoverBoard.Result result,
                          Map<String, String> form, String done) {
        if (result instanceof HandoverBoard.Result.Invalid invalid) {
            showHandover(ctx, person, 400, invalid.errors(), form, null);
        } else if (result instanceof HandoverBoard.Result.Refused refused) {
            showHandover(ctx, person, 409, List.of(), form, refused.message());
        } else {
            events.changed(person.organisation().id());
            ctx.session().put(FLASH, done);
            redirect(ctx, "/handovers/" + id);
        }
    }

    private void sendExclusion(RoutingContext ctx, ConsolePerson person) {
        if (!schoolOnly(ctx, person)) {
            return;
        }
        Map<String, String> form = formOf(ctx, ExclusionForm.FIELDS);
        ExclusionForm.Result result = exclusions.send(person, form);
        if (result instanceof ExclusionForm.Result.Invalid invalid) {
            exclusionForm(ctx, person, 400, form, invalid.errors());
            return;
        }
        ExclusionForm.Result.Sent sent = (ExclusionForm.Result.Sent) result;
        ctx.session().put(FLASH, sent.duplicate()
                ? "This exclusion was sent before (exchange " + sent.exchangeId() + "): it was not sent again."
                : "The exclusion was sent (exchange " + sent.exchangeId() + ").");
        redirect(ctx, "/exclusions/new");
    }

    /** A council notifies the placements of the children it looks after; anyone of another organisation is refused. */
    private boolean councilOnly(RoutingContext ctx, ConsolePerson person) {
        return ofType(ctx, person, org.bridgeway.model.OrganisationType.LOCAL_AUTHORITY,
                "Only a council notifies its placements here");
    }

    private void placementForm(RoutingContext ctx, ConsolePerson person, int status, Map<String, String> form,
                               List<PlacementForm.FieldError> errors) {
        if (!councilOnly(ctx, person)) {
            return;
        }
        Map<String, String> errorOf = new HashMap<>();
        errors.forEach(e -> errorOf.putIfAbsent(e.field(), e.message()));
        Map<String, Object> model = page(ctx, person, errors.isEmpty() ? "Notify a placement"
                : "Error: Notify a placement", ConsoleView.SEND_PLACEMENT);
        model.putAll(PlacementForm.model(form, errorOf));
        model.put("errors", errors);
        flash(ctx, model);
        html(ctx, status, pages.render("placement", model));
    }

    private void sendPlacement(RoutingContext ctx, ConsolePerson person) {
        if (!councilOnly(ctx, person)) {
            return;
        }
        Map<String, String> form = formOf(ctx, PlacementForm.FIELDS);
        PlacementForm.Result result = placements.send(person, form);
        if (result instanceof PlacementForm.Result.Invalid invalid) {
            placementForm(ctx, person, 400, form, invalid.errors());
            return;
        }
        PlacementForm.Result.Sent sent = (PlacementForm.Result.Sent) result;
        ctx.session().put(FLASH, sent.duplicate()
                ? "This placement was notified before (exchange " + sent.exchangeId() + "): it was not sent again."
                : "The placement was notified (exchange " + sent.exchangeId() + ").");
        redirect(ctx, "/placements/new");
    }

    private void interviewForm(RoutingContext ctx, ConsolePerson person, int status, Map<String, String> form,
                               List<MissingBoard.FieldError> errors, String refusal) {
        String taskId = ctx.pathParam("taskId");
        Optional<MissingBoard.TaskLine> task = GATEWAY_ID.matcher(taskId).matches()
                ? missing.task(person, taskId) : Optional.empty();
        if (task.isEmpty() || !task.get().open() && refusal == null) {
            message(ctx, 404, "This interview is not yours to record",
                    "It is held by another authority, or its outcome is recorded already.",
                    Optional.of(Map.of("href", "/missing", "label", "Back to the board")));
            return;
        }
        Map<String, String> values = new HashMap<>(form);
        if (status == 200) {
            missing.childLocalId(person, task.get()).ifPresent(id -> values.put("child.localId", id));
        }
        Map<String, String> errorOf = new HashMap<>();
        errors.forEach(e -> errorOf.putIfAbsent(e.field(), e.message()));
        Map<String, Object> model = page(ctx, person, errors.isEmpty() ? "Record a return home interview"
                : "Error: Record a return home interview", ConsoleView.MISSING_CHILDREN);
        model.put("task", task.get());
        model.put("errors", errors);
        if (refusal != null) {
            model.put("refusal", refusal);
        }
        model.put("childInputs", List.of(
                input("child.localId", "The child's id in your records",
                        "Or give the child's names and date of birth below", "text", "govuk-input--width-20",
                        values, errorOf),
                input("child.givenName", "Given name (optional)", null, "text", "govuk-!-width-two-thirds", values,
                        errorOf),
                input("child.familyName", "Family name (optional)", null, "text", "govuk-!-width-two-thirds",
                        values, errorOf),
                input("child.dateOfBirth", "Date of birth (optional)", null, "date", "govuk-input--width-10",
                        values, errorOf)));
        model.put("offered", FormFields.yesNo("interview.offered", "Was the child offered an interview?", null,
                values, errorOf));
        model.put("offeredDate", input("interview.offeredDate", "When it was offered", null, "date",
                "govuk-input--width-10", values, errorOf));
        model.put("accepted", FormFields.yesNo("interview.accepted", "Did the child accept it?", null, values,
                errorOf));
        model.put("heldInputs", List.of(
                input("interview.date", "The day it was held", "Leave the day and time empty if it was not held",
                        "date", "govuk-input--width-10", values, errorOf),
                input("interview.time", "The time it began", null, "time", "govuk-input--width-5", values, errorOf),
                input("interview.completedBy", "Who held it: role and team", null, "text",
                        "govuk-!-width-two-thirds", values, errorOf),
                input("interview.provider", "Service (optional)", "Your team, or the commissioned provider", "text",
                        "govuk-!-width-two-thirds", values, errorOf)));
        model.put("notHeldReason", FormFields.textarea("interview.notHeldReason", "Why it was not held",
                "Only when it was not held", values, errorOf));
        model.put("accounts", List.of(
                FormFields.textarea("interview.reasonsForMissing", "Why the child went missing (optional)", null,
                        values, errorOf),
                FormFields.textarea("interview.whereabouts", "Where the child was (optional)", null, values,
                        errorOf),
                FormFields.textarea("interview.associates", "Who the child was with (optional)",
                        "Other people's details: only what the child's safety needs", values, errorOf),
                FormFields.textarea("interview.exploitationConcerns", "Concerns of exploitation (optional)", null,
                        values, errorOf),
                FormFields.textarea("interview.healthConcerns", "Health concerns (optional)", null, values,
                        errorOf),
                FormFields.textarea("interview.childView", "What the child wants to happen next (optional)", null,
                        values, errorOf)));
        model.put("harmDisclosed", FormFields.yesNo("interview.harmDisclosed", "Did the child disclose harm?",
                "Only when the interview was held", values, errorOf));
        Map<String, Object> referrals = new HashMap<>();
        referrals.put("choices", MissingBoard.referralChoices(values.get("interview.referrals")));
        if (errorOf.containsKey("interview.referrals")) {
            referrals.put("error", errorOf.get("interview.referrals"));
        }
        model.put("referrals", referrals);
        model.put("after", List.of(FormFields.textarea("interview.actions", "What is being done (optional)", null,
                values, errorOf)));
        flash(ctx, model);
        html(ctx, status, pages.render("interview", model));
    }

    private void recordInterview(RoutingContext ctx, ConsolePerson person) {
        Map<String, String> form = formOf(ctx, MissingBoard.FIELDS);
        List<String> referrals = ctx.request().formAttributes().getAll("interview.referrals");
        if (!referrals.isEmpty()) {
            form.put("interview.referrals", String.join(",", referrals));
        }
        String taskId = ctx.pathParam("taskId");
        MissingBoard.Result result = GATEWAY_ID.matcher(taskId).matches() ? missing.record(person, taskId, form)
                : new MissingBoard.Result.Refused("There is no such interview.");
        if (result instanceof MissingBoard.Result.Invalid invalid) {
            interviewForm(ctx, person, 400, form, invalid.errors(), null);
        } else if (result instanceof MissingBoard.Result.Refused refused) {
            interviewForm(ctx, person, 409, form, List.of(), refused.message());
        } else {
            MissingBoard.Result.Sent sent = (MissingBoard.Result.Sent) result;
            events.changed(person.organisation().id());
            ctx.session().put(FLASH, sent.duplicate()
                    ? "This outcome was recorded before (exchange " + sent.exchangeId() + "): it was not sent again."
                    : "The interview's outcome was recorded and sent (exchange " + sent.exchangeId() + ").");
            redirect(ctx, "/missing");
        }
    }

    private void disclosures(RoutingContext ctx, ConsolePerson person) {
        Map<String, Object> model = page(ctx, person, "Why was this shared?", ConsoleView.DISCLOSURES);
        model.put("organisation", person.organisation().id());
        String exchange = Optional.ofNullable(ctx.request().getParam("exchange")).map(String::strip).orElse("");
        model.put("exchange", exchange);
        int status = 200;
        if (!exchange.isEmpty()) {
            Optional<DisclosureInquiry.Answer> answer = GATEWAY_ID.matcher(exchange).matches()
                    ? disclosures.ask(person, exchange) : Optional.empty();
            if (answer.isPresent()) {
                model.put("answer", answer.get());
            } else {
                model.put("notFound", true);
                status = 404;
            }
        }
        html(ctx, status, pages.render("disclosures", model));
    }

    /** The DPO's figures for their own organisation; a period with an error shows the error, not figures. */
    private void figures(RoutingContext ctx, ConsolePerson person) {
        FiguresView.Shown shown = figures.show(person, ctx.request().getParam("from"), ctx.request().getParam("to"));
        Map<String, String> errorOf = new HashMap<>();
        shown.errors().forEach(e -> errorOf.putIfAbsent(e.field(), e.message()));
        Map<String, Object> model = page(ctx, person, shown.errors().isEmpty() ? "Figures" : "Error: Figures",
                ConsoleView.FIGURES);
        model.put("organisation", person.organisation().id());
        model.put("errors", shown.errors());
        model.put("periodFields", List.of(
                input("from", "First day", "For example, 1 November 2026", "date", "govuk-input--width-10",
                        shown.form(), errorOf),
                input("to", "Last day", "Included. A year at most after the first day", "date",
                        "govuk-input--width-10", shown.form(), errorOf)));
        model.put("figures", shown);
        html(ctx, shown.errors().isEmpty() ? 200 : 400, pages.render("figures", model));
    }

    /**
     * The receipt check: a page only. The check runs in the browser on what the auditor gives it, and asks the server
     * for nothing, so the server is given nothing to answer for it.
     */
    private void receiptCheck(RoutingContext ctx, ConsolePerson person) {
        html(ctx, 200, pages.render("receipt-verify",
                page(ctx, person, "Check a receipt", ConsoleView.VERIFY_RECEIPT)));
    }

    private void operations(RoutingContext ctx, ConsolePerson person) {
        Map<String, Object> model = page(ctx, person, "Operations", ConsoleView.OPERATIONS);
        model.put("health", operations.health());
        model.put("letters", operations.deadLetters());
        flash(ctx, model);
        html(ctx, 200, pages.render("operations", model));
    }

    private void replayDeadLetter(RoutingContext ctx, ConsolePerson person) {
        String messageId = ctx.pathParam("messageId");
        Optional<OperationsDesk.Replay> replayed = Mailboxes.isMessageId(messageId)
                ? operations.replay(person, messageId) : Optional.empty();
        if (replayed.isEmpty()) {
            message(ctx, 404, "This message is not in a dead-letter queue",
                    "It may have been replayed already, by you or another operator.",
                    Optional.of(Map.of("href", "/operations", "label", "Back to operations")));
            return;
        }
        ctx.session().put(FLASH, replayed.get().summary());
        redirect(ctx, "/operations");
    }

    /** A school reports its own pupils' exclusions; a person of another organisation is refused, whatever role. */
    private boolean schoolOnly(RoutingContext ctx, ConsolePerson person) {
        return ofType(ctx, person, org.bridgeway.model.OrganisationType.SCHOOL,
                "Only a school reports its exclusions here");
    }

    /** Whether the person's organisation is of the type a form speaks for; if not, the refusal is answered. */
    private boolean ofType(RoutingContext ctx, ConsolePerson person, org.bridgeway.model.OrganisationType type,
                           String refusal) {
        if (person.organisation().type() == type) {
            return true;
        }
        message(ctx, 403, refusal, "Ask the gateway operator if you need it.",
                Optional.of(Map.of("href", "/", "label", "Go to the start")));
        return false;
    }

    private void exclusionForm(RoutingContext ctx, ConsolePerson person, int status, Map<String, String> form,
                               List<ExclusionForm.FieldError> errors) {
        if (!schoolOnly(ctx, person)) {
            return;
        }
        Map<String, String> errorOf = new HashMap<>();
        errors.forEach(e -> errorOf.putIfAbsent(e.field(), e.message()));
        Map<String, Object> model = page(ctx, person, errors.isEmpty() ? "Report an exclusion"
                : "Error: Report an exclusion", ConsoleView.SEND_EXCLUSION);
        model.put("errors", errors);
        model.put("pupil", List.of(
                input("school.localAuthority", "Your school's local authority (DfE number)",
                        "Three digits, like 886 for Kent", "text", "govuk-input--width-3", form, errorOf),
                input("child.upn", "Unique pupil number (UPN)", "A letter and 12 digits", "text",
                        "govuk-input--width-20", form, errorOf),
                input("child.localId", "The pupil's id in your records (optional)", null, "text",
                        "govuk-input--width-20", form, errorOf),
                input("child.givenName", "Pupil's given name", null, "text", "govuk-!-width-two-thirds", form,
                        errorOf),
                input("child.familyName", "Pupil's family name", null, "text", "govuk-!-width-two-thirds", form,
                        errorOf),
                input("child.dateOfBirth", "Date of birth", null, "date", "govuk-input--width-10", form, errorOf)));
        Map<String, Object> category = new HashMap<>();
        List<Map<String, Object>> categories = new ArrayList<>();
        for (String[] option : new String[][] {{"SUSP", "A suspension"}, {"PERM", "A permanent exclusion"},
                {"LNCH", "A lunchtime exclusion"}}) {
            categories.add(Map.of("code", option[0], "text", option[1],
                    "checked", option[0].equals(form.get("exclusion.category"))));
        }
        category.put("options", categories);
        if (errorOf.containsKey("exclusion.category")) {
            category.put("error", errorOf.get("exclusion.category"));
        }
        model.put("category", category);
        model.put("dates", List.of(
                input("exclusion.startDate", "First day of the exclusion", null, "date", "govuk-input--width-10",
                        form, errorOf),
                input("exclusion.sessions", "Length in sessions (half school days)",
                        "For a suspension, 1 to 90. Leave it empty for a permanent exclusion.", "text",
                        "govuk-input--width-3", form, errorOf)));
        List<Map<String, Object>> selects = new ArrayList<>();
        String[] labels = {"Main reason", "Second reason (optional)", "Third reason (optional)"};
        for (int i = 1; i <= 3; i++) {
            String name = "exclusion.reasons." + i;
            List<Map<String, Object>> options = new ArrayList<>();
            for (Map<String, String> reason : ExclusionForm.REASONS) {
                options.add(Map.of("code", reason.get("code"), "text", reason.get("text"),
                        "selected", reason.get("code").equals(form.get(name))));
            }
            Map<String, Object> select = new HashMap<>();
            select.put("id", name.replace('.', '-'));
            select.put("name", name);
            select.put("label", labels[i - 1]);
            select.put("empty", i == 1 ? "Choose the main reason" : "None");
            select.put("options", options);
            if (errorOf.containsKey(name)) {
                select.put("error", errorOf.get(name));
            }
            selects.add(select);
        }
        model.put("reasonSelects", selects);
        flash(ctx, model);
        html(ctx, status, pages.render("exclusion", model));
    }

    /** The named fields of the posted form that were sent; no others are read. */
    private static Map<String, String> formOf(RoutingContext ctx, List<String> fields) {
        Map<String, String> form = new HashMap<>();
        for (String field : fields) {
            String value = ctx.request().getFormAttribute(field);
            if (value != null) {
                form.put(field, value);
            }
        }
        return form;
    }

    /** What the person just did, said once on the page they were sent to, then forgotten. */
    private static void flash(RoutingContext ctx, Map<String, Object> model) {
        Object flash = ctx.session().remove(FLASH);
        if (flash != null) {
            model.put("notice", flash);
        }
    }

    private interface PersonHandler {
        void handle(RoutingContext ctx, ConsolePerson person);
    }

    private void allowed(RoutingContext ctx, ConsoleView view, PersonHandler handler) {
        ConsolePerson person = person(ctx).orElseThrow();
        if (!ConsoleAuthorisation.allows(person, view)) {
            message(ctx, 403, "Your role does not allow this", "Ask the gateway operator if you need it.",
                    Optional.of(Map.of("href", "/", "label", "Go to the start")));
            return;
        }
        handler.handle(ctx, person);
    }

    /** The model every page of a signed-in person starts from: who they are, the views they have, the CSRF token. */
    private Map<String, Object> page(RoutingContext ctx, ConsolePerson person, String title, ConsoleView current) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("csrf", csrfToken(ctx));
        model.put("person", Map.of("displayName", person.displayName(), "organisation", person.organisation().id(),
                "csrf", csrfToken(ctx)));
        List<Map<String, Object>> views = new ArrayList<>();
        for (NavigationLink link : NAVIGATION) {
            if (ConsoleAuthorisation.allows(person, link.view())) {
                views.add(Map.of("href", link.href(), "label", link.label(), "current", current == link.view()));
            }
        }
        model.put("views", views);
        return model;
    }

    private void message(RoutingContext ctx, int status, String heading, String text,
                         Optional<Map<String, String>> link) {
        Map<String, Object> model = person(ctx).map(p -> page(ctx, p, heading, null)).orElseGet(HashMap::new);
        model.put("title", heading);
        model.put("heading", heading);
        model.put("message", text);
        link.ifPresent(l -> model.put("link", l));
        html(ctx, status, pages.render("message", model));
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status == 403) { // the CSRF handler's refusal: a form from another site, or one kept past its session
            message(ctx, 403, "This form has expired", "Go back, reload the page and try again.",
                    Optional.of(Map.of("href", "/", "label", "Go to the start")));
            return;
        }
        if (status == 413) {
            message(ctx, 413, "That was too much to send", "A console form is never this large.", Optional.empty());
            return;
        }
        if (ctx.failure() != null) {
            LOG.warn("console request {} {} failed: {}", ctx.request().method(), ctx.request().path(),
                    ctx.failure().toString());
        }
        if (status >= 500 && !ctx.response().headWritten()) {
            ctx.response().putHeader("Retry-After", "30");
        }
        message(ctx, status >= 500 ? 503 : status, "Sorry, there is a problem",
                "The console cannot do this now. Try again in a minute.", Optional.empty());
    }

    private static Optional<ConsolePerson> person(RoutingContext ctx) {
        Session session = ctx.session();
        return session == null ? Optional.empty() : Optional.ofNullable(session.get(PERSON));
    }

    private static String csrfToken(RoutingContext ctx) {
        Object token = ctx.get(CSRF_FIELD);
        return token == null ? "" : token.toString();
    }

    private static void html(RoutingContext ctx, int status, String body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(body);
    }

    /** 303: the browser follows with a GET, whatever the method that led here. */
    private static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
    }

    private void staticFile(RoutingContext ctx) {
        StaticFile file = staticFiles.get(ctx.pathParam("file"));
        if (file == null) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        ctx.response().putHeader("Content-Type", file.contentType() + "; charset=utf-8")
                .putHeader("Cache-Control", "public, max-age=3600").end(file.body());
    }

    private static StaticFile staticFile(String resource, String contentType) {
        try (InputStream in = ConsoleServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + resource + " is not on the class path");
            }
            return new StaticFile(contentType, Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String originOf(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    /** Ends the pages' event streams, as a proxy or a network drop would; they open theirs again and catch up. */
    void endEventStreams() {
        events.endStreams();
    }

    @Override
    public void close() {
        events.close();
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the console's listener did not close cleanly: {}", e.toString());
        } finally {
            vertx.close();
        }
    }
}
