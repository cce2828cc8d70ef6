package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile XML over HTTP: each document is refused whole with a clear reason (nothing from it used, no secret read,
 * no entity expanded), while a valid file and a valid JSON notice submitted at the same time still go through.
 */
class ExclusionHostileXmlTest {
    private static final String SCHOOL = "school:113456";
    private static final String HEADER = "<Header><SourceSchool><LEA>878</LEA><URN>113456</URN></SourceSchool></Header>";

    @TempDir
    Path data;

    @Test
    void hostileDocumentsAreRefusedWhileConcurrentValidSubmissionsSucceed() throws Exception {
        Path secret = data.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("xxe", utf8("<?xml version=\"1.0\"?><!DOCTYPE ExclusionFile [<!ENTITY x SYSTEM \""
                + secret.toUri() + "\">]><ExclusionFile>" + HEADER + "<ExclusionData><Pupil><UPN>&x;</UPN></Pupil>"
                + "</ExclusionData></ExclusionFile>"));
        hostile.put("billion-laughs", utf8("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]>"
                + "<ExclusionFile>" + HEADER + "<ExclusionData>&lol4;</ExclusionData></ExclusionFile>"));
        hostile.put("external-dtd", utf8("<?xml version=\"1.0\"?><!DOCTYPE ExclusionFile SYSTEM \"http://127.0.0.1:9/x.dtd\">"
                + "<ExclusionFile>" + HEADER + "<ExclusionData/></ExclusionFile>"));
        hostile.put("oversize", oversize());
        hostile.put("too-deep", utf8("<ExclusionFile>" + "<a>".repeat(200) + "</a>".repeat(200) + "</ExclusionFile>"));
        hostile.put("not-well-formed", utf8("<ExclusionFile>" + HEADER + "<ExclusionData>"));

        try (GatewayFixture fixture = TlsGatewayFixture.startWithHttp(data.resolve("gateway"))) {
            ApiClient api = new ApiClient(fixture.apiBase());
            byte[] validFile = Files.readAllBytes(GatewayFixture.samples().resolve("exclusions")
                    .resolve("04-exmoor-vale-repeated-suspensions.xml"));
            byte[] validJson = Files.readAllBytes(GatewayFixture.samples().resolve("exclusions")
                    .resolve("03-suspension.json"));

            ExecutorService pool = Executors.newFixedThreadPool(hostile.size() + 2);
            CountDownLatch go = new CountDownLatch(1);
            Map<String, Future<HttpResponse<String>>> answers = new LinkedHashMap<>();
            hostile.forEach((name, body) -> answers.put(name, pool.submit(() -> {
                go.await();
                return api.post("/exclusions", SCHOOL, "application/xml", body);
            })));
            Future<HttpResponse<String>> file = pool.submit(() -> {
                go.await();
                return api.post("/exclusions", SCHOOL, "application/xml", validFile);
            });
            Future<HttpResponse<String>> json = pool.submit(() -> {
                go.await();
                return api.post("/exclusions", SCHOOL, "application/json", validJson);
            });
            go.countDown();

            Map<String, String> rules = new LinkedHashMap<>();
            for (Map.Entry<String, Future<HttpResponse<String>>> a : answers.entrySet()) {
                HttpResponse<String> r = a.getValue().get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(a.getKey() + ": " + r.body()).isIn(400, 413);
                assertThat(ApiClient.contentType(r)).startsWith("application/problem+json");
                assertThat(ApiClient.json(r).path("detail").asText()).as(a.getKey())
                        .contains("nothing from the document was used");
                assertThat(r.body()).doesNotContain("TOP-SECRET-CONTENT", "lollol");
                rules.put(a.getKey(), ApiClient.json(r).path("rule").asText());
            }
            assertThat(rules).containsEntry("xxe", "xml.doctype").containsEntry("billion-laughs", "xml.doctype")
                    .containsEntry("external-dtd", "xml.doctype").containsEntry("oversize", "xml.too-large")
                    .containsEntry("too-deep", "xml.too-deep").containsEntry("not-well-formed", "xml.malformed");
            assertThat(answers.get("oversize").get().statusCode()).isEqualTo(413);

            HttpResponse<String> fileAnswer = file.get(60, TimeUnit.SECONDS);
            assertThat(fileAnswer.statusCode()).as(fileAnswer.body()).isEqualTo(202);
            assertThat(ApiClient.json(fileAnswer).path("sent")).hasSize(2);
            HttpResponse<String> jsonAnswer = json.get(60, TimeUnit.SECONDS);
            assertThat(jsonAnswer.statusCode()).as(jsonAnswer.body()).isEqualTo(202);
            pool.shutdownNow();

            assertThat(fixture.gateway().mailboxes().count("local-authority:878")).isEqualTo(3);
            assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
        }
    }

    /** A valid-looking document just over the 1 MiB limit. */
    private static byte[] oversize() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ExclusionFile>" + HEADER
                + "<ExclusionData>");
        while (b.length() <= 1024 * 1024) {
            b.append("<!-- padding padding padding padding padding padding padding padding -->");
        }
        return utf8(b.append("</ExclusionData></ExclusionFile>").toString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
