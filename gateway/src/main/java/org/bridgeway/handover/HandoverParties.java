package org.bridgeway.handover;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bridgeway.directory.AuthorityDirectory;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.locator.ResponsibleAuthorityLocator;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.CustodyHandoverNotice.AskedAuthority;
import org.bridgeway.model.CustodyHandoverNotice.ResponsibleFoundBy;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.reference.DistrictLookup;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.ReferenceData;

/**
 * Who a custody handover asks, in one place for the ledger (which records them) and the answer to the force:
 * <ul>
 *   <li>the <b>suite authority</b>, the authority the custody suite is in, as the request names it: it must be in the
 *       reference data ({@value #SUITE_UNKNOWN}) and in the requesting force's area ({@value #SUITE_OTHER_FORCE});
 *       it is always asked, because the duty to receive the child falls on every authority (Children Act 1989
 *       s.21(2)(b));</li>
 *   <li>the <b>responsible authority</b>: the one the locator index knows the child by; else the authority of the
 *       child's home postcode district; else the authority the force names; else none is found, and only the suite
 *       authority is asked.</li>
 * </ul>
 * One authority that is both is asked once, as the suite authority. Each is reached at its directory entry's
 * custody-handover mailbox.
 */
public final class HandoverParties {
    public static final String SUITE_UNKNOWN = "handover.suiteAuthority.unknown";
    public static final String SUITE_OTHER_FORCE = "handover.suiteAuthority.other-force";

    /** The responsible authority as found, and how. */
    public record Responsible(Optional<DfeLaCode> authority, ResponsibleFoundBy foundBy) {
    }

    private final ReferenceData reference;
    private final AuthorityDirectory directory;
    private final ResponsibleAuthorityLocator locator;

    public HandoverParties(ReferenceData reference, AuthorityDirectory directory, ResponsibleAuthorityLocator locator) {
        this.reference = reference;
        this.directory = directory;
        this.locator = locator;
    }

    /** The custody suite's authority, checked against the requesting force. */
    public DfeLaCode suiteAuthority(PoliceForceCode force, CustodyHandoverNotice.Request request) {
        LocalAuthority suite = reference.localAuthority(request.suiteAuthority()).orElseThrow(() -> new RuleRefused(
                400, SUITE_UNKNOWN, "the custody suite's authority is not in the reference data"));
        if (!suite.policeForce().equals(force)) {
            throw new RuleRefused(400, SUITE_OTHER_FORCE, "the custody suite's authority is not in the requesting"
                    + " force's area");
        }
        return suite.dfeCode();
    }

    /** The responsible authority: the locator, the home postcode, the force's word, or none. */
    public Responsible responsible(CustodyHandoverNotice.Request request, Instant at) {
        CustodyHandoverNotice.Child child = request.child();
        Optional<ResponsibleAuthorityLocator.Located> located = locator.locate(
                new ResponsibleAuthorityLocator.ChildKeys(child.identity().nhsNumber(), child.identity().givenName(),
                        child.identity().familyName(), child.identity().dateOfBirth(), child.homePostcode()), at);
        if (located.isPresent() && reference.localAuthority(located.get().responsibleAuthority()).isPresent()) {
            return new Responsible(Optional.of(located.get().responsibleAuthority()), ResponsibleFoundBy.LOCATOR);
        }
        Optional<DfeLaCode> home = child.homePostcode().map(reference::lookup)
                .filter(DistrictLookup.Found.class::isInstance)
                .map(found -> ((DistrictLookup.Found) found).authority().dfeCode());
        if (home.isPresent()) {
            return new Responsible(home, ResponsibleFoundBy.HOME_POSTCODE);
        }
        Optional<DfeLaCode> named = child.namedResponsibleAuthority()
                .filter(code -> reference.localAuthority(code).isPresent());
        if (named.isPresent()) {
            return new Responsible(named, ResponsibleFoundBy.FORCE);
        }
        return new Responsible(Optional.empty(), ResponsibleFoundBy.NOT_FOUND);
    }

    /** The authorities asked, suite first; one that is both is asked once, as the suite authority. */
    public List<AskedAuthority> asked(DfeLaCode suite, Optional<DfeLaCode> responsible) {
        return CustodyHandoverNotice.askedAuthorities(suite, responsible).stream().map(a -> new AskedAuthority(a,
                a.equals(suite) ? AskedAuthority.SUITE : AskedAuthority.RESPONSIBLE, mailbox(a))).toList();
    }

    /** The mailbox that receives an authority's custody handovers (its own, or a shared emergency duty team's). */
    public org.bridgeway.model.Organisation mailbox(DfeLaCode authority) {
        return directory.of(authority).map(AuthorityDirectory.Entry::custodyHandoverMailbox)
                .orElseThrow(() -> new IllegalStateException("the directory has no entry for " + authority
                        + ", though every authority of the reference data has one"));
    }

    public Optional<AuthorityDirectory.Entry> entry(DfeLaCode authority) {
        return directory.of(authority);
    }
}
