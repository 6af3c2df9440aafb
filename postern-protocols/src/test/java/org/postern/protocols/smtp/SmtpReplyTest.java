package org.postern.protocols.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmtpReplyTest {

    @Test
    void singleLine() throws IOException {
        assertThat(SmtpReplies.SENDER_OK.toWire()).isEqualTo("250 2.1.0 Sender OK\r\n");
        assertThat(SmtpReplies.SENDER_OK.toWire(false)).isEqualTo("250 Sender OK\r\n");
        assertThat(SmtpReplies.START_MAIL_INPUT.toWire()).isEqualTo("354 End data with <CR><LF>.<CR><LF>\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SmtpReplies.MESSAGE_TOO_BIG.writeTo(out, true);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size\r\n");
    }

    @Test
    void multiLine() {
        SmtpReply r = new SmtpReply(ReplyCode.of(550), Optional.of(EnhancedStatus.parse("5.7.1")), List.of("one", "two", "three"));
        assertThat(r.toWire()).isEqualTo("550-5.7.1 one\r\n550-5.7.1 two\r\n550 5.7.1 three\r\n");
        assertThat(r.toWire(false)).isEqualTo("550-one\r\n550-two\r\n550 three\r\n");
    }

    @Test
    void factories() {
        assertThat(SmtpReplies.greeting("mx.example", "ESMTP").toWire()).isEqualTo("220 mx.example ESMTP Postern ready\r\n");
        assertThat(SmtpReplies.messageAccepted("Q42").toWire()).isEqualTo("250 2.0.0 OK queued as Q42\r\n");
        assertThat(SmtpReplies.authChallenge("").toWire()).isEqualTo("334 \r\n");
        assertThat(SmtpReplies.authChallenge("VXNlcm5hbWU6").toWire()).isEqualTo("334 VXNlcm5hbWU6\r\n");
        assertThat(SmtpReplies.chunkReceived(86).toWire()).isEqualTo("250 2.0.0 86 octets received\r\n");
    }

    @Test
    void textCannotInjectLines() {
        assertThatThrownBy(() -> SmtpReply.of(250, "2.0.0", "ok\r\n250 injected")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpReplies.OK.withText("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpReplies.OK.withText("x".repeat(600))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpReplies.OK.withText()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codesAndStatuses() {
        assertThat(ReplyCode.of(250).isPositive()).isTrue();
        assertThat(ReplyCode.of(354).isIntermediate()).isTrue();
        assertThat(ReplyCode.of(421).isTransientFailure()).isTrue();
        assertThat(ReplyCode.of(554).isPermanentFailure()).isTrue();
        for (int bad : new int[] {199, 600, 160, 261, 0}) {
            assertThatThrownBy(() -> ReplyCode.of(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(EnhancedStatus.parse("5.7.11")).isEqualTo(new EnhancedStatus(5, 7, 11));
        assertThat(EnhancedStatus.parse("2.0.0").toString()).isEqualTo("2.0.0");
        for (String bad : new String[] {"3.0.0", "5.0", "5.0.0.0", "5.1000.0", "5..1", "x.1.1", "55.1.1"}) {
            assertThatThrownBy(() -> EnhancedStatus.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SmtpReply.of(250, "5.0.0", "mismatch")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Every catalogue constant is well-formed and its status agrees with its code. */
    @Test
    void catalogue() throws IllegalAccessException {
        int count = 0;
        for (Field f : SmtpReplies.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == SmtpReply.class) {
                SmtpReply r = (SmtpReply) f.get(null);
                assertThat(r.toWire()).as(f.getName()).matches("[2-5][0-5][0-9] .*\r\n");
                if (r.code().value() != 354 && r.code().value() != 220) {
                    assertThat(r.status()).as(f.getName()).isPresent();
                }
                count++;
            }
        }
        assertThat(count).isGreaterThan(40);
    }
}
