package org.postern.transport.smtp;

import java.util.List;
import org.postern.protocols.smtp.SmtpReply;

/**
 * What becomes of a message received whole (the end of DATA or the last BDAT chunk): the
 * hub's {@link MessageIntake} queues it and gives one reply (RFC 5321); the mailbox role's
 * {@link MailboxIntake} stores it and gives one reply per recipient, in the order of the
 * accepted RCPTs (LMTP, RFC 2033 section 4.2).
 */
interface Intake {

    List<SmtpReply> accept(SmtpSession s, SessionState.Hello hello, SessionState.Transaction tx, MessageSpool body);
}
