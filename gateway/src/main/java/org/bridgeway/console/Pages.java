package org.bridgeway.console;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * The console's pages, rendered on the server from Mustache templates ({@code templates/} beside this class). Every
 * value goes in through {@code {{name}}}, which HTML-escapes it: a name or free text holding markup is shown as text,
 * never run. No template uses the unescaped forms, and no page carries inline script or style (the Content Security
 * Policy forbids both).
 */
final class Pages {
    private final MustacheFactory templates = new DefaultMustacheFactory("org/bridgeway/console/templates");
    private final Map<String, Mustache> compiled;

    Pages() {
        // compiled once, at start: a template that does not compile stops the console from starting
        compiled = java.util.stream.Stream.of("inbox", "notice", "message", "handovers", "handover-board",
                        "handover", "exclusion", "disclosures", "receipt-verify", "operations", "missing",
                        "missing-board", "interview", "placement", "figures")
                .collect(java.util.stream.Collectors.toUnmodifiableMap(name -> name,
                        name -> templates.compile(name + ".mustache")));
    }

    String render(String template, Map<String, Object> model) {
        Mustache mustache = compiled.get(template);
        if (mustache == null) {
            throw new IllegalArgumentException("no console template " + template);
        }
        StringWriter out = new StringWriter();
        mustache.execute(out, List.of(model));
        return out.toString();
    }
}
