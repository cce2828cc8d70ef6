package org.bridgeway.delivery;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;

/**
 * A recipient's webhook that tells its system mail is waiting in its mailbox, signed as the Standard Webhooks
 * specification says (https://www.standardwebhooks.com/) with the recipient's own secret.
 *
 * @param organisation whose mailbox, e.g. local-authority:352
 * @param url          https (plain http only to a loopback address, for tests)
 * @param key          the secret's key bytes (the base64 after {@code whsec_})
 */
public record MailWaitingHook(String organisation, URI url, byte[] key) {
    public MailWaitingHook {
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(url, "url");
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "MailWaitingHook[" + organisation + " -> " + url + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailWaitingHook h && h.organisation.equals(organisation) && h.url.equals(url)
                && Arrays.equals(h.key, key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(organisation, url);
    }
}
