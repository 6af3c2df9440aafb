package org.postern.protocols.smtp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.postern.protocols.io.CrlfLineReader;
import org.postern.protocols.io.LineResult;

/**
 * Not a unit test (timings do not belong in the build): a rough measure of the wire layer
 * alone, run by hand. Reads transactions of MAIL, 3 RCPT, DATA and a body through the line
 * reader, the parser and the DATA reader, as a session would.
 *
 * <pre>java -cp target/classes:target/test-classes:../postern-core/target/classes \
 *     org.postern.protocols.smtp.SmtpWireBenchmark [bodyOctets] [messages]</pre>
 */
public final class SmtpWireBenchmark {

    private SmtpWireBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int bodySize = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        StringBuilder body = new StringBuilder();
        while (body.length() < bodySize) {
            body.append(body.length() % 7 == 0 ? ".dotted line\r\n" : "Some message text, seventy-odd octets long, as mail usually is.\r\n");
        }
        String transaction = "MAIL FROM:<sender@example.org> SIZE=" + bodySize + " BODY=8BITMIME\r\n"
                + "RCPT TO:<a@example.com>\r\nRCPT TO:<b@example.com> NOTIFY=FAILURE\r\nRCPT TO:<c@example.com>\r\n"
                + "DATA\r\n" + body + ".\r\n";
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] one = transaction.getBytes(StandardCharsets.US_ASCII);
        int batch = Math.min(messages, 1000);
        for (int i = 0; i < batch; i++) {
            all.write(one);
        }
        byte[] wire = all.toByteArray();
        SmtpCommandParser parser = new SmtpCommandParser(SmtpDialect.SMTP, EnumSet.allOf(SmtpExtension.class), SmtpLimits.DEFAULTS);
        DataReader data = new DataReader(SmtpLimits.DEFAULTS.maxMessageSize());
        OutputStream sink = OutputStream.nullOutputStream();
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            int done = 0;
            while (done < messages) {
                CrlfLineReader in = new CrlfLineReader(new ByteArrayInputStream(wire), SmtpLimits.DEFAULTS.maxLineLength());
                LineResult l;
                while ((l = in.readLine()) instanceof LineResult.Line line) {
                    if (parser.parse(line, false) instanceof SmtpCommand.Data) {
                        if (!data.read(in, sink).isOk()) {
                            throw new IllegalStateException();
                        }
                        done++;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %,d messages of %,d octets in %.2f s = %,.0f messages/s, %,.0f MB/s%n",
                    round, done, bodySize, seconds, done / seconds, (double) done * one.length / seconds / 1e6);
        }
    }
}
