package org.postern.protocols.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmtpVerbTest {

    @Test
    void lookup() {
        assertThat(SmtpVerb.lookup("ehlo")).contains(SmtpVerb.EHLO);
        assertThat(SmtpVerb.lookup("StartTLS")).contains(SmtpVerb.STARTTLS);
        assertThat(SmtpVerb.lookup("TURN")).isEmpty();
        assertThat(SmtpVerb.lookup("")).isEmpty();
        assertThat(SmtpVerb.lookup("VALUEOF")).isEmpty();
    }

    @Test
    void sequencing() {
        assertThat(SmtpVerb.MAIL.allowedIn(SmtpPhase.BEFORE_HELLO)).isFalse();
        assertThat(SmtpVerb.MAIL.allowedIn(SmtpPhase.AFTER_HELLO)).isTrue();
        assertThat(SmtpVerb.MAIL.allowedIn(SmtpPhase.AFTER_MAIL)).isFalse();
        assertThat(SmtpVerb.RCPT.allowedIn(SmtpPhase.AFTER_RCPT)).isTrue();
        assertThat(SmtpVerb.DATA.allowedIn(SmtpPhase.AFTER_MAIL)).isFalse();
        assertThat(SmtpVerb.BDAT.allowedIn(SmtpPhase.IN_BDAT)).isTrue();
        assertThat(SmtpVerb.DATA.allowedIn(SmtpPhase.IN_BDAT)).isFalse();
        assertThat(SmtpVerb.STARTTLS.allowedIn(SmtpPhase.AFTER_MAIL)).isFalse();
        assertThat(SmtpVerb.AUTH.allowedIn(SmtpPhase.AFTER_RCPT)).isFalse();
        assertThat(SmtpVerb.QUIT.phases()).containsExactlyInAnyOrder(SmtpPhase.values());
    }

    @Test
    void tlsAndAuthPolicy() {
        assertThat(SmtpVerb.AUTH.tlsRule().permits(false, false)).isFalse(); // never in clear
        assertThat(SmtpVerb.AUTH.tlsRule().permits(true, false)).isTrue();
        assertThat(SmtpVerb.MAIL.tlsRule().permits(false, false)).isTrue();
        assertThat(SmtpVerb.MAIL.tlsRule().permits(false, true)).isFalse();
        assertThat(SmtpVerb.STARTTLS.tlsRule().permits(true, true)).isFalse();
        assertThat(SmtpVerb.EHLO.tlsRule().permits(false, true)).isTrue();
        assertThat(SmtpVerb.RCPT.authRule().permits(false, true)).isFalse();
        assertThat(SmtpVerb.RCPT.authRule().permits(true, true)).isTrue();
        assertThat(SmtpVerb.AUTH.authRule().permits(true, false)).isFalse();
    }

    @Test
    void pipeliningJunkAndExtensions() {
        for (SmtpVerb v : new SmtpVerb[] {SmtpVerb.EHLO, SmtpVerb.DATA, SmtpVerb.VRFY, SmtpVerb.EXPN, SmtpVerb.QUIT,
            SmtpVerb.NOOP, SmtpVerb.STARTTLS, SmtpVerb.AUTH}) {
            assertThat(v.endsPipelineGroup()).as(v.name()).isTrue();
        }
        assertThat(SmtpVerb.MAIL.endsPipelineGroup()).isFalse();
        assertThat(SmtpVerb.RCPT.endsPipelineGroup()).isFalse();
        assertThat(SmtpVerb.BDAT.endsPipelineGroup()).isFalse();
        assertThat(SmtpVerb.NOOP.countsAsJunk()).isTrue();
        assertThat(SmtpVerb.MAIL.countsAsJunk()).isFalse();
        assertThat(SmtpVerb.BDAT.extension()).contains(SmtpExtension.CHUNKING);
        assertThat(SmtpVerb.MAIL.extension()).isEmpty();
        assertThat(SmtpVerb.LHLO.inDialect(SmtpDialect.SMTP)).isFalse();
        assertThat(SmtpVerb.LHLO.inDialect(SmtpDialect.LMTP)).isTrue();
    }
}
