package org.postern.protocols.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command table and the capabilities computed from it. */
class Pop3CommandTest {

    @Test
    void credentialsNeedTlsAndStlsOnlyBeforeIt() {
        for (Pop3Command c : List.of(Pop3Command.USER, Pop3Command.PASS, Pop3Command.APOP, Pop3Command.AUTH)) {
            assertThat(c.tlsRule().permits(false)).as(c.name()).isFalse();
            assertThat(c.tlsRule().permits(true)).as(c.name()).isTrue();
            assertThat(c.allowedIn(Pop3Phase.TRANSACTION)).as(c.name()).isFalse();
        }
        assertThat(Pop3Command.STLS.tlsRule().permits(false)).isTrue();
        assertThat(Pop3Command.STLS.tlsRule().permits(true)).isFalse();
        assertThat(Pop3Command.RETR.allowedIn(Pop3Phase.AUTHORIZATION)).isFalse();
        assertThat(Pop3Command.CAPA.allowedIn(Pop3Phase.AUTHORIZATION)).isTrue();
        assertThat(Pop3Command.QUIT.allowedIn(Pop3Phase.TRANSACTION)).isTrue();
        assertThat(Pop3Command.lookup("retr")).contains(Pop3Command.RETR);
        assertThat(Pop3Command.lookup("RETRX")).isEmpty();
        assertThat(Pop3Command.lookup("Ok")).isEmpty();
    }

    @Test
    void capabilitiesFollowPhaseAndTls() {
        assertThat(Pop3Capabilities.lines(Pop3Phase.AUTHORIZATION, false, List.of()))
                .containsExactly("STLS", "TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING");
        assertThat(Pop3Capabilities.lines(Pop3Phase.AUTHORIZATION, true, List.of("PLAIN", "LOGIN")))
                .containsExactly("USER", "SASL PLAIN LOGIN", "TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING");
        assertThat(Pop3Capabilities.lines(Pop3Phase.TRANSACTION, true, List.of("PLAIN")))
                .containsExactly("TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING");
    }
}
