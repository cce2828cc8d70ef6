package org.bridgeway.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bridgeway.adapters.NoticeRenderer;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.Notice;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.reference.ReferenceData;

/**
 * Everything the notice pipeline must know about one exchange type, and all that differs between exchange types:
 * who could be told (its recipient rule), which recipients get another format than JSON, and the extra steps it
 * takes, named by bean. Everything else (admission, policy decision, minimisation, audit, delivery) is the same
 * for every exchange; whether each candidate recipient may be told, and what, is its agreement's question.
 *
 * @param type       the exchange type
 * @param recipients the candidate recipients of one of its notices, from the reference data
 * @param formats    the recipient types that receive it in a format other than the JSON every other one gets
 * @param steps      the names of the {@link ExchangeStep} beans the pipeline runs for it, in order
 */
public record ExchangeRegistration(ExchangeType type, RecipientRule<Notice> recipients,
                                   Map<OrganisationType, NoticeRenderer> formats, List<String> steps) {

    /**
     * Who could be told of a notice, each in its relation to it: the candidates, not the decision. The relations an
     * exchange type's rule names are the ones its agreement's recipient entries may list.
     */
    @FunctionalInterface
    public interface RecipientRule<N extends Notice> {
        List<Recipient> recipients(N notice, ReferenceData reference);
    }

    public ExchangeRegistration {
        formats = Map.copyOf(formats);
        steps = List.copyOf(steps);
    }

    /** An exchange type whose notices are {@code noticeType}, going to the recipients {@code rule} names, as JSON. */
    public static <N extends Notice> ExchangeRegistration of(ExchangeType type, Class<N> noticeType,
                                                             RecipientRule<N> rule) {
        RecipientRule<Notice> checked = (notice, reference) -> {
            if (!noticeType.isInstance(notice)) {
                throw new IllegalArgumentException("the " + type.slug() + " registration cannot resolve the"
                        + " recipients of a " + notice.getClass().getSimpleName());
            }
            return rule.recipients(noticeType.cast(notice), reference);
        };
        return new ExchangeRegistration(type, checked, Map.of(), List.of());
    }

    /** The same registration, with {@code recipient}s receiving the notice as {@code renderer} renders it. */
    public ExchangeRegistration withFormat(OrganisationType recipient, NoticeRenderer renderer) {
        Map<OrganisationType, NoticeRenderer> more = new HashMap<>(formats);
        more.put(recipient, renderer);
        return new ExchangeRegistration(type, recipients, more, steps);
    }

    /** The same registration, with the {@link ExchangeStep} beans of these names run after its own, in order. */
    public ExchangeRegistration withSteps(String... beanNames) {
        return new ExchangeRegistration(type, recipients, formats,
                Stream.concat(steps.stream(), Stream.of(beanNames)).toList());
    }

    /** The same registration, its notices going to the recipients {@code rule} names. */
    public ExchangeRegistration withRecipients(RecipientRule<Notice> rule) {
        return new ExchangeRegistration(type, rule, formats, steps);
    }

    public List<Recipient> recipientsOf(Notice notice, ReferenceData reference) {
        return recipients.recipients(notice, reference);
    }

    /** The format a recipient of this type receives, when not JSON. */
    public Optional<NoticeRenderer> format(OrganisationType recipient) {
        return Optional.ofNullable(formats.get(recipient));
    }
}
