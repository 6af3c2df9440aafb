package org.postern.transport.smtp;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.SmtpCommand;
import org.postern.protocols.smtp.SmtpReplies;

/**
 * MAIL FROM (RFC 5321 section 4.1.1.2): asks the policy chain (declared SIZE, RFC 1870 section
 * 6.1; sender ownership for an authenticated client) and opens a transaction. The parameters
 * are kept as given for the envelope (RFC 3461 RET and ENVID), except AUTH= (RFC 4954 section
 * 5), which is trusted only from an authenticated client and otherwise recorded as {@code <>}.
 */
final class MailHandler {

    private MailHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Mail command) throws IOException {
        SessionState.Ready ready = (SessionState.Ready) s.state();
        Verdict v = s.config().policy().mail(new PolicyCheck.MailFrom(s.client(), ready.hello().domain(),
                command.reversePath(), command.params()));
        switch (v) {
            case Verdict.Reject r -> s.error(r.reply());
            case Verdict.TempFail t -> s.reply(t.reply());
            case Verdict.Accept a -> open(s, ready, command);
            case Verdict.NoOpinion n -> open(s, ready, command);
        }
    }

    private static void open(SmtpSession s, SessionState.Ready ready, SmtpCommand.Mail command) throws IOException {
        MailParameters p = command.params();
        if (p.auth().isPresent() && s.user().isEmpty()) {
            p = new MailParameters(p.size(), p.body(), p.smtpUtf8(), p.ret(), p.envId(), Optional.of("<>"));
        }
        SessionState.Transaction tx = new SessionState.Transaction(command.reversePath(), p, List.of());
        s.setState(new SessionState.InTransaction(ready.hello(), tx));
        s.reply(SmtpReplies.SENDER_OK);
    }
}
