package org.postern.transport.smtp;

import java.io.IOException;
import org.postern.protocols.smtp.SmtpCommand;
import org.postern.protocols.smtp.SmtpReplies;
import org.postern.transport.queue.EnvelopeRecipient;

/**
 * RCPT TO (RFC 5321 section 4.1.1.3): the policy chain decides (recipient limit, local
 * recipient through the directory, relaying only for an authenticated client); an accepted
 * recipient joins the transaction with its NOTIFY and ORCPT (RFC 3461). A permanent refusal
 * counts against the error budget (directory harvesting); a temporary one does not.
 */
final class RcptHandler {

    private RcptHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Rcpt command) throws IOException {
        SessionState.InTransaction in = (SessionState.InTransaction) s.state();
        Verdict v = s.config().policy().rcpt(new PolicyCheck.RcptTo(s.client(), in.transaction().reversePath(),
                command.forwardPath(), command.params(), in.transaction().recipients().size()));
        switch (v) {
            case Verdict.Reject r -> s.error(r.reply());
            case Verdict.TempFail t -> s.reply(t.reply());
            case Verdict.Accept a -> accept(s, in, command);
            case Verdict.NoOpinion n -> s.error(ReceiveReplies.RELAY_DENIED);
        }
    }

    private static void accept(SmtpSession s, SessionState.InTransaction in, SmtpCommand.Rcpt command) throws IOException {
        EnvelopeRecipient r = new EnvelopeRecipient(command.forwardPath(), command.params());
        s.setState(new SessionState.InTransaction(in.hello(), in.transaction().with(r)));
        s.reply(SmtpReplies.RECIPIENT_OK);
    }
}
