package org.postern.transport.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.postern.protocols.smtp.BdatChunkReader;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.ReversePath;
import org.postern.protocols.smtp.SmtpPhase;
import org.postern.transport.queue.EnvelopeRecipient;

/**
 * Where a session stands in RFC 5321's command sequence (section 4.1.4), as a sum type (style
 * rule 4): a transaction cannot exist without a hello, nor a chunked body without a
 * transaction. TLS and authentication are facts of the connection kept by the session, not
 * states: STARTTLS resets the state to {@link AwaitingHello} (RFC 3207 section 4.2).
 */
sealed interface SessionState {

    /** The verb table's view of this state. */
    SmtpPhase phase();

    /** Greeting sent, no HELO or EHLO yet. */
    record AwaitingHello() implements SessionState {
        public SmtpPhase phase() {
            return SmtpPhase.BEFORE_HELLO;
        }
    }

    /** Hello done, no transaction. */
    record Ready(Hello hello) implements SessionState {
        public Ready {
            Objects.requireNonNull(hello, "hello");
        }

        public SmtpPhase phase() {
            return SmtpPhase.AFTER_HELLO;
        }
    }

    /** MAIL accepted; recipients being collected. */
    record InTransaction(Hello hello, Transaction transaction) implements SessionState {
        public InTransaction {
            Objects.requireNonNull(hello, "hello");
            Objects.requireNonNull(transaction, "transaction");
        }

        public SmtpPhase phase() {
            return transaction.recipients().isEmpty() ? SmtpPhase.AFTER_MAIL : SmtpPhase.AFTER_RCPT;
        }
    }

    /**
     * Between BDAT chunks (RFC 3030 section 2): the body so far is in {@code body}, the size
     * count in {@code chunks}. Leaving this state any other way than by BDAT LAST discards the body.
     */
    record Chunking(Hello hello, Transaction transaction, MessageSpool body, BdatChunkReader chunks)
            implements SessionState {
        public Chunking {
            Objects.requireNonNull(hello, "hello");
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(chunks, "chunks");
        }

        public SmtpPhase phase() {
            return SmtpPhase.IN_BDAT;
        }
    }

    /**
     * The client's HELO or EHLO.
     *
     * @param domain   the argument as sent (one printable token)
     * @param extended EHLO (extensions and enhanced status codes) rather than HELO
     */
    record Hello(String domain, boolean extended) {
        public Hello {
            Objects.requireNonNull(domain, "domain");
        }
    }

    /**
     * One mail transaction: MAIL FROM with its parameters and the recipients accepted so far.
     *
     * @param reversePath the sender
     * @param parameters  SIZE, BODY, SMTPUTF8, RET, ENVID, AUTH as given (RFC 3461's kept for delivery reports)
     * @param recipients  accepted RCPTs with NOTIFY and ORCPT, in order
     */
    record Transaction(ReversePath reversePath, MailParameters parameters, List<EnvelopeRecipient> recipients) {
        public Transaction {
            Objects.requireNonNull(reversePath, "reversePath");
            Objects.requireNonNull(parameters, "parameters");
            recipients = List.copyOf(recipients);
        }

        Transaction with(EnvelopeRecipient recipient) {
            List<EnvelopeRecipient> all = new ArrayList<>(recipients.size() + 1);
            all.addAll(recipients);
            all.add(recipient);
            return new Transaction(reversePath, parameters, all);
        }
    }
}
