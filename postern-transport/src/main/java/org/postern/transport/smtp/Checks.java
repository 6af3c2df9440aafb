package org.postern.transport.smtp;

import java.util.Optional;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Directory;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.StoreException;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.Mailbox;
import org.postern.protocols.smtp.SmtpReplies;
import org.postern.protocols.smtp.SmtpReply;
import org.postern.transport.delivery.InboxAppend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The checks of the Hub's standard {@link PolicyChain}, one small class each. */
final class Checks {

    private static final Logger LOG = LoggerFactory.getLogger(Checks.class);

    private Checks() {
    }

    /** RFC 1870 section 6.1: a declared SIZE above the limit is refused at MAIL ({@code 552 5.3.4}). */
    record MessageSize(long maxMessageSize) implements PolicyCheck {
        @Override
        public Verdict onMail(MailFrom context) {
            if (context.parameters().size().isPresent() && context.parameters().size().getAsLong() > maxMessageSize) {
                return Verdict.reject(SmtpReplies.MESSAGE_TOO_BIG);
            }
            return Verdict.NO_OPINION;
        }
    }

    /**
     * An authenticated client sends only from the user's own addresses ({@code 553 5.7.1},
     * DESIGN.md): the primary address and the aliases that deliver to it. The null sender is
     * not one of them.
     */
    record SenderOwnership(Directory directory) implements PolicyCheck {
        @Override
        public Verdict onMail(MailFrom context) {
            Optional<User> user = context.client().authenticatedUser();
            if (user.isEmpty()) {
                return Verdict.NO_OPINION;
            }
            Optional<EmailAddress> sender = context.reversePath() instanceof Mailbox m ? m.toEmailAddress() : Optional.empty();
            if (sender.isPresent()) {
                String wanted = sender.get().canonical();
                for (EmailAddress own : directory.addressesOf(user.get())) {
                    if (own.canonical().equals(wanted)) {
                        return Verdict.ACCEPT;
                    }
                }
            }
            return Verdict.reject(SmtpReplies.SENDER_NOT_OWNED);
        }
    }

    /** RFC 5321 section 4.5.3.1.10: past the limit, {@code 452 4.5.3}; the client sends the rest later. */
    record RecipientLimit(int maxRecipients) implements PolicyCheck {
        @Override
        public Verdict onRcpt(RcptTo context) {
            return context.acceptedSoFar() >= maxRecipients ? Verdict.tempFail(SmtpReplies.TOO_MANY_RECIPIENTS)
                    : Verdict.NO_OPINION;
        }
    }

    /**
     * Recipients in accepted domains: known to the directory (user, alias, group) or refused
     * {@code 550 5.1.1}. {@code <Postmaster>} and postmaster in an accepted domain are always
     * taken (RFC 5321 section 4.5.1). Other domains are left to {@link Relay}.
     */
    record LocalRecipient(Directory directory) implements PolicyCheck {
        @Override
        public Verdict onRcpt(RcptTo context) {
            if (context.forwardPath() instanceof ForwardPath.Postmaster) {
                return Verdict.ACCEPT;
            }
            Mailbox m = (Mailbox) context.forwardPath();
            if (m.isAddressLiteral() || !directory.isAcceptedDomain(m.domain())) {
                return Verdict.NO_OPINION;
            }
            if (m.localPart().equalsIgnoreCase("postmaster")) {
                return Verdict.ACCEPT;
            }
            Optional<EmailAddress> address = m.toEmailAddress();
            if (address.isPresent() && directory.resolve(address.get()).isPresent()) {
                return Verdict.ACCEPT;
            }
            return Verdict.reject(SmtpReplies.NO_SUCH_USER);
        }
    }

    /**
     * Any other destination: for the organisation only — a signed-in user or an authenticated
     * peer hub (no open relay, ever; an unauthenticated peer is the anonymous Internet).
     */
    record Relay() implements PolicyCheck {
        @Override
        public Verdict onRcpt(RcptTo context) {
            return context.client().organisation() ? Verdict.ACCEPT
                    : Verdict.reject(ReceiveReplies.RELAY_DENIED);
        }
    }

    /**
     * LMTP: only a hub of the organisation (an authenticated {@code host/} principal) delivers
     * into mailboxes; a signed-in user does not ({@code 530 5.7.0}).
     */
    record HubsOnly() implements PolicyCheck {
        @Override
        public Verdict onMail(MailFrom context) {
            return context.client().peerServer().isPresent() ? Verdict.NO_OPINION
                    : Verdict.reject(SmtpReply.of(530, "5.7.0", "Only hubs of the organisation deliver here"));
        }
    }

    /** LMTP: a recipient is a mailbox user of this server ({@code 550 5.1.1} otherwise). */
    record MailboxRecipient(Directory directory) implements PolicyCheck {
        @Override
        public Verdict onRcpt(RcptTo context) {
            Optional<EmailAddress> address = context.forwardPath() instanceof Mailbox m ? m.toEmailAddress() : Optional.empty();
            if (address.isPresent() && directory.findUser(address.get()).isPresent()) {
                return Verdict.ACCEPT;
            }
            return Verdict.reject(SmtpReplies.NO_SUCH_USER);
        }
    }

    /**
     * A recipient whose mailbox on this server is full — not one more octet fits under its
     * storage limit (RFC 9208) — is refused at RCPT with {@code 552 5.2.2} (RFC 3463: mailbox
     * full), so the sender learns it in the session and the other recipients still get the
     * message. A message that would only pass the limit is found out at delivery (the same
     * reply, or a DSN from the queue). Only users: an alias or group is left to the categorizer.
     * No opinion otherwise, so the checks after it decide; nor when the store cannot answer: the
     * hub's queue takes the message as it did before quotas, and delivery retries later.
     */
    record MailboxFull(Directory directory, MailboxStore store) implements PolicyCheck {
        @Override
        public Verdict onRcpt(RcptTo context) {
            Optional<EmailAddress> address = context.forwardPath() instanceof Mailbox m ? m.toEmailAddress() : Optional.empty();
            Optional<User> user = address.flatMap(directory::findUser);
            if (user.isEmpty()) {
                return Verdict.NO_OPINION;
            }
            try {
                return store.storageQuota(user.get().address()).full() ? Verdict.reject(InboxAppend.MAILBOX_FULL) : Verdict.NO_OPINION;
            } catch (StoreException e) {
                LOG.info("quota of {} not known at RCPT, the store does not answer ({}): no opinion", user.get().address(), e.getMessage());
                return Verdict.NO_OPINION;
            }
        }
    }

    /** RFC 5321 section 6.3: a message that has passed {@code maxHops} servers is looping. */
    record HopCount(int maxHops) implements PolicyCheck {
        @Override
        public Verdict onDataEnd(DataEnd context) {
            return context.receivedCount() >= maxHops ? Verdict.reject(ReceiveReplies.TOO_MANY_HOPS) : Verdict.NO_OPINION;
        }
    }
}
