package org.postern.transport.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingLog;
import org.postern.protocols.smtp.SmtpReplies;
import org.postern.protocols.smtp.SmtpReply;
import org.postern.transport.queue.Envelope;
import org.postern.transport.queue.EnvelopeRecipient;
import org.postern.transport.queue.Origin;
import org.postern.transport.queue.QueueId;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.TransportQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a message's reception, shared by DATA and BDAT: the end-of-data policy, the
 * headers a real MTA adds, the queue, the tracking log, and the reply. The message's queue id is
 * allocated ({@link TransportQueue#newId()}) before the headers are written, so the Received
 * field's {@code id}, the {@code 250 ... queued as} reply, the log and the tracking event all
 * name the same id, as Postfix's do.
 *
 * <ul>
 *   <li>A {@code Received} field is prepended (RFC 5321 section 4.4, {@link ReceivedHeader});
 *       a submission (RFC 6409 section 8) lacking {@code Date} or {@code Message-ID} gets them,
 *       also prepended. Past the added fields the bytes are the client's, byte for byte.</li>
 *   <li>{@code 250 2.0.0 Ok: queued as ID} only after {@link TransportQueue#enqueue} returned:
 *       the message is durable then (RFC 5321 section 6.1, STYLE.md point 11). If the queue
 *       refuses, {@code 451 4.3.0} and nothing is acknowledged.</li>
 *   <li>A tracking event: RECEIVE on port 25, SUBMIT on submission.</li>
 * </ul>
 */
final class MessageIntake implements Intake {

    private static final Logger LOG = LoggerFactory.getLogger(MessageIntake.class);
    /** Header sections longer than this are judged on their first part. */
    private static final int HEADER_SCAN_LIMIT = 256 * 1024;

    private final String hostname;
    private final TransportQueue queue;
    private final TrackingLog tracking;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    MessageIntake(String hostname, TransportQueue queue, TrackingLog tracking, Clock clock) {
        this.hostname = hostname;
        this.queue = queue;
        this.tracking = tracking;
        this.clock = clock;
    }

    /** Judges, completes and queues a received body; returns the one reply for the client. */
    @Override
    public List<SmtpReply> accept(SmtpSession s, SessionState.Hello hello, SessionState.Transaction tx, MessageSpool body) {
        return List.of(queue(s, hello, tx, body));
    }

    private SmtpReply queue(SmtpSession s, SessionState.Hello hello, SessionState.Transaction tx, MessageSpool body) {
        body.finish();
        HeaderScan scan;
        try (InputStream in = body.openBody()) {
            scan = HeaderScan.of(in, HEADER_SCAN_LIMIT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spooled body", e); // a local error: 421 4.3.0
        }
        Verdict v = s.config().policy().dataEnd(new PolicyCheck.DataEnd(s.client(), tx.reversePath(),
                tx.recipients().size(), body.size(), scan.receivedCount()));
        switch (v) {
            case Verdict.Reject r -> {
                return r.reply();
            }
            case Verdict.TempFail t -> {
                return t.reply();
            }
            case Verdict.Accept a -> {
            }
            case Verdict.NoOpinion n -> {
            }
        }
        ZonedDateTime now = ZonedDateTime.now(clock);
        SmtpListenerKind kind = s.config().kind();
        Optional<SSLSession> tls = s.tlsSession();
        Optional<String> protocol = tls.map(SSLSession::getProtocol);
        Optional<String> cipher = tls.map(SSLSession::getCipherSuite);
        String transaction = s.id() + "." + s.nextTransaction();
        QueueId queueId = queue.newId(); // named in the Received id, the 250 reply and the log alike
        Optional<String> single = tx.recipients().size() == 1
                ? Optional.of(tx.recipients().getFirst().address().toString()) : Optional.empty();
        StringBuilder added = new StringBuilder(ReceivedHeader.format(hello.domain(), s.reverseDns(),
                s.connection().remoteAddress(), hostname,
                ReceivedHeader.withKeyword(hello.extended(), tx.parameters().smtpUtf8(), s.isTls(),
                        s.authenticatedName().isPresent()),
                protocol, cipher, s.authenticatedName(), queueId.toString(), single, now));
        String messageId = scan.messageId().orElse("");
        if (kind.isSubmission()) {
            if (!scan.hasDate()) {
                added.append(ReceivedHeader.dateField(now));
            }
            if (scan.messageId().isEmpty()) {
                messageId = "<" + HexFormat.of().formatHex(randomBytes()) + "@" + hostname + ">";
                added.append("Message-ID: ").append(messageId).append("\r\n");
            }
        }
        String remote = s.connection().remoteAddress().getHostAddress();
        Origin origin = new Origin(kind.listenerName(), remote, hello.domain(), s.authenticatedName(), protocol, cipher);
        Envelope envelope = new Envelope(tx.reversePath(), tx.recipients(), tx.parameters(), origin, now.toInstant());
        QueuedMessage queued;
        try {
            queued = queue.enqueue(queueId, envelope, body.content(added.toString().getBytes(StandardCharsets.UTF_8)),
                    messageId);
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: the queue refused a message from {}: {}", s, tx.reversePath().toPathString(), e.toString(), e);
            return SmtpReplies.LOCAL_ERROR;
        }
        String id = queued.id().toString();
        SmtpReply reply = SmtpReply.of(250, "2.0.0", "Ok: queued as " + id);
        List<String> recipients = tx.recipients().stream().map(EnvelopeRecipient::address).map(Object::toString).toList();
        LOG.info("{}: queued {} (transaction {}) from <{}> to {} recipient(s), {} octets, {}", s, id, transaction,
                tx.reversePath(), recipients.size(), queued.contentSize(), kind.listenerName());
        try {
            tracking.record(new TrackingEvent(now.toInstant(), kind.trackingType(), messageId, Optional.of(id),
                    tx.reversePath().toString(), recipients,
                    // who signed in (a user, or a server's host/ principal), so the log shows on whose behalf
                    "SMTP " + remote + s.authenticatedName().map(n -> " as " + n).orElse(""), hostname,
                    reply.lines().getFirst()));
        } catch (RuntimeException e) {
            LOG.warn("{}: tracking event for {} not recorded: {}", s, id, e.toString());
        }
        s.messageQueued();
        return reply;
    }

    private byte[] randomBytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }
}
