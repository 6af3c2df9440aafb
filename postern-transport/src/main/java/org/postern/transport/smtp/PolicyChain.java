package org.postern.transport.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.postern.core.directory.Directory;
import org.postern.core.directory.DirectoryUnavailableException;
import org.postern.core.store.MailboxStore;
import org.postern.protocols.smtp.SmtpLimits;
import org.postern.protocols.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks of the SMTP policy, asked in order at each stage; the first verdict other than
 * {@link Verdict.NoOpinion} decides. When every check abstains, connect, MAIL and the end of
 * the data are accepted and RCPT is refused as relaying ({@code 550 5.7.1}): a recipient is
 * taken only when a check vouches for it, so no forgotten case opens a relay. A check that
 * throws is answered {@code 451 4.3.0} (temporary): a directory that is down never makes a
 * permanent refusal.
 */
final class PolicyChain {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyChain.class);

    private final List<PolicyCheck> checks;

    PolicyChain(List<PolicyCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /**
     * The Hub's standard chain: message size at MAIL, sender ownership for authenticated
     * clients; at RCPT the recipient limit, local recipients through the directory, then
     * relaying for authenticated clients only; mail loops at the end of the data.
     */
    static PolicyChain standard(Directory directory, SmtpLimits limits, int maxHops) {
        return standard(directory, limits, maxHops, Optional.empty());
    }

    /**
     * The standard chain; with the mailbox store of this process ({@code mailboxes}), a recipient
     * whose mailbox is full is refused at RCPT ({@link Checks.MailboxFull}) before the local
     * recipient check takes it.
     */
    static PolicyChain standard(Directory directory, SmtpLimits limits, int maxHops, Optional<MailboxStore> mailboxes) {
        List<PolicyCheck> checks = new ArrayList<>(List.of(
                new Checks.MessageSize(limits.maxMessageSize()),
                new Checks.SenderOwnership(directory),
                new Checks.RecipientLimit(limits.maxRecipients())));
        mailboxes.ifPresent(store -> checks.add(new Checks.MailboxFull(directory, store)));
        checks.addAll(List.of(
                new Checks.LocalRecipient(directory),
                new Checks.Relay(),
                new Checks.HopCount(maxHops)));
        return new PolicyChain(checks);
    }

    /**
     * The Mailbox role's LMTP chain: message size; MAIL only from a hub of the organisation; at
     * RCPT the recipient limit, a full mailbox refused ({@code 552 5.2.2}), and mailbox users of
     * this server only (the hub has expanded aliases and groups already).
     */
    static PolicyChain lmtp(Directory directory, SmtpLimits limits, MailboxStore store) {
        return new PolicyChain(List.of(
                new Checks.MessageSize(limits.maxMessageSize()),
                new Checks.HubsOnly(),
                new Checks.RecipientLimit(limits.maxRecipients()),
                new Checks.MailboxFull(directory, store),
                new Checks.MailboxRecipient(directory)));
    }

    Verdict connect(PolicyCheck.Connect context) {
        return decide(c -> c.onConnect(context), Verdict.ACCEPT, "connect");
    }

    Verdict mail(PolicyCheck.MailFrom context) {
        return decide(c -> c.onMail(context), Verdict.ACCEPT, "MAIL");
    }

    Verdict rcpt(PolicyCheck.RcptTo context) {
        return decide(c -> c.onRcpt(context), Verdict.reject(ReceiveReplies.RELAY_DENIED), "RCPT");
    }

    Verdict dataEnd(PolicyCheck.DataEnd context) {
        return decide(c -> c.onDataEnd(context), Verdict.ACCEPT, "end of data");
    }

    private Verdict decide(Function<PolicyCheck, Verdict> ask, Verdict otherwise, String stage) {
        for (PolicyCheck check : checks) {
            Verdict v;
            try {
                v = ask.apply(check);
            } catch (DirectoryUnavailableException e) {
                LOG.warn("Policy check {} at {}: the directory does not answer ({}): answering 451 4.4.3",
                        check.getClass().getSimpleName(), stage, e.getMessage());
                return Verdict.tempFail(SmtpReplies.DIRECTORY_UNAVAILABLE);
            } catch (RuntimeException e) {
                LOG.warn("Policy check {} failed at {}: answering 451", check.getClass().getSimpleName(), stage, e);
                return Verdict.tempFail(SmtpReplies.LOCAL_ERROR);
            }
            if (!(v instanceof Verdict.NoOpinion)) {
                return v;
            }
        }
        return otherwise;
    }
}
