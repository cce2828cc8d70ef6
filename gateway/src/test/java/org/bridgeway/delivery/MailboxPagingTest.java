package org.bridgeway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mailbox of more than 500 messages in the real broker, listed page by page with the cursor: every message that was
 * waiting comes once and in order, however many arrive while the recipient pages.
 */
class MailboxPagingTest {
    private static final String GMP = "police:greater-manchester";

    @TempDir
    Path data;
    private MailboxBroker broker;
    private Mailboxes mailboxes;

    @BeforeEach
    void start() {
        broker = new MailboxBroker(data).start();
        mailboxes = new Mailboxes(broker.listingConnectionFactory(), 2);
    }

    @AfterEach
    void stop() throws Exception {
        mailboxes.close();
        broker.close();
    }

    private List<String> put(int count) {
        List<Delivery> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new Delivery(UUID.randomUUID().toString(), "paging-" + i, "paging:" + i,
                    "placement-notification", "local-authority:886", GMP, "json", "application/json",
                    "{}".getBytes(StandardCharsets.UTF_8)));
        }
        for (int from = 0; from < batch.size(); from += 200) {
            mailboxes.put(batch.subList(from, Math.min(batch.size(), from + 200)), Instant.now());
        }
        return batch.stream().map(Delivery::messageId).toList();
    }

    @Test
    void pagesOfFiveHundredNeitherRepeatNorSkipWhileMessagesArrive() {
        List<String> waiting = put(1_200);

        Mailboxes.Page first = mailboxes.page(GMP, Optional.empty(), 500);
        assertThat(first.messages()).hasSize(500);
        assertThat(first.next()).isPresent();
        // others arrive while the recipient pages
        CompletableFuture<List<String>> arriving = CompletableFuture.supplyAsync(() -> put(300));
        List<String> listed = new ArrayList<>(first.messages().stream().map(MailboxMessage::messageId).toList());
        Optional<String> cursor = first.next();
        int pages = 1;
        while (cursor.isPresent()) {
            Mailboxes.Page page = mailboxes.page(GMP, cursor, 500);
            assertThat(page.messages()).isNotEmpty().hasSizeLessThanOrEqualTo(500);
            page.messages().forEach(m -> listed.add(m.messageId()));
            cursor = page.next();
            pages++;
        }
        List<String> arrived = arriving.join();

        assertThat(listed).doesNotHaveDuplicates();
        assertThat(listed.subList(0, waiting.size())).as("what was waiting, once and oldest first")
                .containsExactlyElementsOf(waiting);
        assertThat(arrived).containsAll(listed.subList(waiting.size(), listed.size()));
        assertThat(pages).isGreaterThanOrEqualTo(3);

        // a listing from the start after the arrivals finds everything, the last page without a cursor
        List<String> all = new ArrayList<>();
        Optional<String> again = Optional.empty();
        do {
            Mailboxes.Page page = mailboxes.page(GMP, again, 500);
            page.messages().forEach(m -> all.add(m.messageId()));
            again = page.next();
        } while (again.isPresent());
        assertThat(all).hasSize(1_500).containsAll(waiting).containsAll(arrived);
    }

    @Test
    void newestFirstPagesBackInTimeNeitherRepeatingNorSkipping() {
        List<String> waiting = put(1_100);

        List<String> listed = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Mailboxes.Page page = mailboxes.page(GMP, cursor, 500, Mailboxes.Order.NEWEST_FIRST);
            page.messages().forEach(m -> listed.add(m.messageId()));
            cursor = page.next();
        } while (cursor.isPresent());

        List<String> newestFirst = new ArrayList<>(waiting);
        java.util.Collections.reverse(newestFirst);
        assertThat(listed).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void aCursorTheMailboxDidNotIssueIsRefused() {
        put(3);
        for (String forged : List.of("not-base64!", "bTE6YWJj", "eDE6MTI=")) {
            assertThatThrownBy(() -> mailboxes.page(GMP, Optional.of(forged), 500))
                    .as(forged).isInstanceOf(IllegalArgumentException.class);
        }
        Mailboxes.Page page = mailboxes.page(GMP, Optional.empty(), 2);
        assertThat(page.messages()).hasSize(2);
        assertThat(mailboxes.page(GMP, page.next(), 2).messages()).hasSize(1);
        assertThat(mailboxes.page(GMP, page.next(), 2).next()).isEmpty();
    }
}
