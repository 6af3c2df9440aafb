package org.postern.protocols.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postern.protocols.io.ChunkedInputStream;
import org.postern.protocols.io.CrlfLineReader;

class SmtpReplyReaderTest {

    private static ReplyReadResult read(String wire) throws IOException {
        return new SmtpReplyReader(10).read(new CrlfLineReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), 2048));
    }

    private static SmtpReply reply(String wire) throws IOException {
        ReplyReadResult r = read(wire);
        assertThat(r).isInstanceOf(ReplyReadResult.Reply.class);
        return ((ReplyReadResult.Reply) r).reply();
    }

    @Test
    void everyServerReplyReadsBackToItself() throws IOException {
        EhloCapabilities caps = EhloCapabilities.all(1000, List.of("PLAIN"));
        List<SmtpReply> replies = List.of(SmtpReplies.SENDER_OK, SmtpReplies.START_MAIL_INPUT, SmtpReplies.greeting("mx", "ESMTP"),
                caps.ehloReply("mx.example", "hi", true, false), SmtpReplies.authChallenge(""),
                new SmtpReply(ReplyCode.of(550), Optional.of(EnhancedStatus.parse("5.7.1")), List.of("a", "b")));
        StringBuilder wire = new StringBuilder();
        replies.forEach(r -> wire.append(r.toWire()));
        CrlfLineReader in = new CrlfLineReader(ChunkedInputStream.oneByteAtATime(wire.toString().getBytes(StandardCharsets.UTF_8)), 2048, 3);
        SmtpReplyReader reader = new SmtpReplyReader();
        for (SmtpReply r : replies) {
            assertThat(reader.read(in)).isEqualTo(new ReplyReadResult.Reply(r));
        }
        assertThat(reader.read(in)).isEqualTo(new ReplyReadResult.EndOfStream());
    }

    @Test
    void lenientWhereServersDiffer() throws IOException {
        assertThat(reply("250\r\n").lines()).containsExactly("");
        assertThat(reply("250 2.0.0 ok\r\n").status()).contains(EnhancedStatus.parse("2.0.0"));
        assertThat(reply("250-2.0.0 a\r\n250 b\r\n").status()).isEmpty(); // not on every line
        assertThat(reply("550 2.0.0 odd\r\n").status()).isEmpty(); // class disagrees: plain text
        assertThat(reply("250 tab\there\r\n").lines()).containsExactly("tab?here");
        assertThat(reply("250 " + "x".repeat(1500) + "\r\n").toWire()).hasSize(512);
    }

    @Test
    void malformed() throws IOException {
        assertThat(read("25 x\r\n")).isInstanceOf(ReplyReadResult.Malformed.class);
        assertThat(read("650 x\r\n")).isInstanceOf(ReplyReadResult.Malformed.class);
        assertThat(read("250x\r\n")).isInstanceOf(ReplyReadResult.Malformed.class);
        assertThat(read("250-a\r\n251 b\r\n")).isInstanceOf(ReplyReadResult.Malformed.class);
        assertThat(read("250 a\n")).isInstanceOf(ReplyReadResult.Malformed.class);
        assertThat(read("250-a\r\n".repeat(11))).isEqualTo(new ReplyReadResult.Malformed("reply longer than 10 lines"));
        assertThat(read("250-a\r\n")).isEqualTo(new ReplyReadResult.EndOfStream());
        assertThat(read("250 " + "x".repeat(3000) + "\r\n")).isInstanceOf(ReplyReadResult.Malformed.class);
    }

    @Test
    void ehloResponse() throws IOException {
        SmtpReply r = reply("250-mx.example.org Hello\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250-auth PLAIN login\r\n"
                + "250-8BITMIME\r\n250 STARTTLS\r\n");
        EhloResponse e = EhloResponse.parse(r).orElseThrow();
        assertThat(e.serverName()).isEqualTo("mx.example.org");
        assertThat(e.supports(SmtpExtension.PIPELINING)).isTrue();
        assertThat(e.supports(SmtpExtension.EIGHTBITMIME)).isTrue();
        assertThat(e.supports(SmtpExtension.CHUNKING)).isFalse();
        assertThat(e.maxSize()).hasValue(52_428_800);
        assertThat(e.authMechanisms()).containsExactly("PLAIN", "LOGIN");
        assertThat(EhloResponse.parse(reply("250-mx\r\n250 SIZE\r\n")).orElseThrow().maxSize()).isEmpty();
        assertThat(EhloResponse.parse(reply("502 5.5.1 no\r\n"))).isEmpty();
        // What Postern advertises, Postern's client reads back.
        EhloCapabilities caps = EhloCapabilities.all(1234, List.of("PLAIN"));
        EhloResponse own = EhloResponse.parse(caps.ehloReply("hub1", "hi", true, false)).orElseThrow();
        for (SmtpExtension x : SmtpExtension.values()) {
            assertThat(own.supports(x)).as(x.name()).isEqualTo(caps.offers(x, true, false));
        }
        assertThat(own.maxSize()).hasValue(1234);
    }
}
