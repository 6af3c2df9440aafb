package org.postern.transport.submission;

import java.io.IOException;
import java.util.List;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.ReversePath;

/**
 * How the Mailbox role hands a message it makes (an out-of-office reply, say) to the Hub
 * Transport for routing — reference row mailbox-hub-submission, Exchange's Mail Submission
 * Service. In one process a method call into the hub's queue ({@link QueueSubmission}); with
 * the hub in another process SMTP submission with STARTTLS and AUTH GSSAPI as the mailbox
 * server's {@code host/} principal ({@code relay.SmtpSubmission}; ADR 0015).
 */
public interface Submission {

    /**
     * Gives the message to the hub; returns once the hub holds it durably.
     *
     * @param content the whole message, header and body, CRLF line ends
     * @return where it went (the queue id, or the hub's reply), for logs
     * @throws IOException when the hub did not take it (the caller may try later or drop a reply it makes itself)
     */
    String submit(ReversePath from, List<ForwardPath> to, byte[] content) throws IOException;
}
