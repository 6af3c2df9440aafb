package org.postern.transport.queue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.postern.protocols.smtp.BodyType;
import org.postern.protocols.smtp.DsnNotify;
import org.postern.protocols.smtp.DsnReturn;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.Mailbox;
import org.postern.protocols.smtp.Orcpt;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.ReversePath;

/**
 * The binary form of envelopes and recipient states in journal records. Every enum travels as
 * a fixed code written here, never as its ordinal, so reordering a Java enum cannot change what
 * an old journal means. Paths keep the RFC 5321 parts (local part, domain) as UTF-8, so
 * SMTPUTF8 addresses (RFC 6531) round-trip unchanged.
 */
final class EnvelopeCodec {

    private static final int PATH_NULL = 0;
    private static final int PATH_MAILBOX = 1;
    private static final int PATH_POSTMASTER = 2;

    private EnvelopeCodec() {
    }

    static void writeEnvelope(BinaryWriter w, Envelope e) {
        writePath(w, e.reversePath());
        writeMailParameters(w, e.parameters());
        writeOrigin(w, e.origin());
        w.instant(e.arrival());
        w.i32(e.recipients().size());
        for (EnvelopeRecipient r : e.recipients()) {
            writeForwardPath(w, r.address());
            writeRcptParameters(w, r.dsn());
        }
    }

    static Envelope readEnvelope(BinaryReader r) throws CorruptRecordException {
        ReversePath reversePath = readReversePath(r);
        MailParameters parameters = readMailParameters(r);
        Origin origin = readOrigin(r);
        var arrival = r.instant();
        int n = count(r);
        List<EnvelopeRecipient> recipients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            recipients.add(new EnvelopeRecipient(readForwardPath(r), readRcptParameters(r)));
        }
        try {
            return new Envelope(reversePath, recipients, parameters, origin, arrival);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException("bad envelope: " + e.getMessage());
        }
    }

    static void writeStates(BinaryWriter w, List<RecipientState> states) {
        w.i32(states.size());
        for (RecipientState s : states) {
            writeForwardPath(w, s.address());
            writeRcptParameters(w, s.dsn());
            w.u8(statusCode(s.status()));
            w.i32(s.attempts());
            w.optionalInstant(s.nextAttempt());
            w.optionalString(s.lastReply());
            w.optionalString(s.route());
            w.bool(s.delayNoticeSent());
        }
    }

    static List<RecipientState> readStates(BinaryReader r) throws CorruptRecordException {
        int n = count(r);
        List<RecipientState> states = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ForwardPath address = readForwardPath(r);
            RcptParameters dsn = readRcptParameters(r);
            DeliveryStatus status = status(r.u8());
            int attempts = r.i32();
            var next = r.optionalInstant();
            var reply = r.optionalString();
            var route = r.optionalString();
            boolean delayNoticeSent = r.bool();
            try {
                states.add(new RecipientState(address, dsn, status, attempts, next, reply, route, delayNoticeSent));
            } catch (IllegalArgumentException e) {
                throw new CorruptRecordException("bad recipient state: " + e.getMessage());
            }
        }
        return states;
    }

    private static void writePath(BinaryWriter w, ReversePath path) {
        switch (path) {
            case ReversePath.Null n -> w.u8(PATH_NULL);
            case Mailbox m -> w.u8(PATH_MAILBOX).string(m.localPart()).string(m.domain());
        }
    }

    private static void writeForwardPath(BinaryWriter w, ForwardPath path) {
        switch (path) {
            case ForwardPath.Postmaster p -> w.u8(PATH_POSTMASTER);
            case Mailbox m -> w.u8(PATH_MAILBOX).string(m.localPart()).string(m.domain());
        }
    }

    private static ReversePath readReversePath(BinaryReader r) throws CorruptRecordException {
        int tag = r.u8();
        return switch (tag) {
            case PATH_NULL -> ReversePath.NULL;
            case PATH_MAILBOX -> readMailbox(r);
            default -> throw new CorruptRecordException("bad reverse-path tag " + tag);
        };
    }

    private static ForwardPath readForwardPath(BinaryReader r) throws CorruptRecordException {
        int tag = r.u8();
        return switch (tag) {
            case PATH_POSTMASTER -> ForwardPath.POSTMASTER;
            case PATH_MAILBOX -> readMailbox(r);
            default -> throw new CorruptRecordException("bad forward-path tag " + tag);
        };
    }

    private static Mailbox readMailbox(BinaryReader r) throws CorruptRecordException {
        String localPart = r.string();
        String domain = r.string();
        try {
            return new Mailbox(localPart, domain);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException("bad mailbox: " + e.getMessage());
        }
    }

    private static void writeMailParameters(BinaryWriter w, MailParameters p) {
        w.bool(p.size().isPresent());
        p.size().ifPresent(w::i64);
        w.u8(p.body().map(EnvelopeCodec::bodyCode).orElse(0));
        w.bool(p.smtpUtf8());
        w.u8(p.ret().map(t -> t == DsnReturn.FULL ? 1 : 2).orElse(0));
        w.optionalString(p.envId());
        w.optionalString(p.auth());
    }

    private static MailParameters readMailParameters(BinaryReader r) throws CorruptRecordException {
        OptionalLong size = r.bool() ? OptionalLong.of(r.i64()) : OptionalLong.empty();
        int bodyCode = r.u8();
        Optional<BodyType> body = switch (bodyCode) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(BodyType.SEVEN_BIT);
            case 2 -> Optional.of(BodyType.EIGHT_BIT_MIME);
            case 3 -> Optional.of(BodyType.BINARY_MIME);
            default -> throw new CorruptRecordException("bad BODY code " + bodyCode);
        };
        boolean smtpUtf8 = r.bool();
        int retCode = r.u8();
        Optional<DsnReturn> ret = switch (retCode) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(DsnReturn.FULL);
            case 2 -> Optional.of(DsnReturn.HDRS);
            default -> throw new CorruptRecordException("bad RET code " + retCode);
        };
        return new MailParameters(size, body, smtpUtf8, ret, r.optionalString(), r.optionalString());
    }

    private static int bodyCode(BodyType t) {
        return switch (t) {
            case SEVEN_BIT -> 1;
            case EIGHT_BIT_MIME -> 2;
            case BINARY_MIME -> 3;
        };
    }

    private static void writeRcptParameters(BinaryWriter w, RcptParameters p) {
        int mask = 0;
        for (DsnNotify n : p.notifyOn()) {
            mask |= notifyBit(n);
        }
        w.u8(mask);
        w.bool(p.orcpt().isPresent());
        p.orcpt().ifPresent(o -> w.string(o.addressType()).string(o.address()));
    }

    private static RcptParameters readRcptParameters(BinaryReader r) throws CorruptRecordException {
        int mask = r.u8();
        Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
        for (DsnNotify n : DsnNotify.values()) {
            if ((mask & notifyBit(n)) != 0) {
                notify.add(n);
            }
        }
        Optional<Orcpt> orcpt = r.bool() ? Optional.of(new Orcpt(r.string(), r.string())) : Optional.empty();
        try {
            return new RcptParameters(notify, orcpt);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException("bad NOTIFY: " + e.getMessage());
        }
    }

    private static int notifyBit(DsnNotify n) {
        return switch (n) {
            case NEVER -> 1;
            case SUCCESS -> 2;
            case FAILURE -> 4;
            case DELAY -> 8;
        };
    }

    private static void writeOrigin(BinaryWriter w, Origin o) {
        w.string(o.listener()).string(o.remoteAddress()).string(o.helo());
        w.optionalString(o.authenticatedUser()).optionalString(o.tlsProtocol()).optionalString(o.tlsCipher());
    }

    private static Origin readOrigin(BinaryReader r) throws CorruptRecordException {
        return new Origin(r.string(), r.string(), r.string(), r.optionalString(), r.optionalString(),
                r.optionalString());
    }

    private static int statusCode(DeliveryStatus s) {
        return switch (s) {
            case PENDING -> 1;
            case DEFERRED -> 2;
            case DELIVERED -> 3;
            case FAILED -> 4;
            case EXPANDED -> 5;
        };
    }

    private static DeliveryStatus status(int code) throws CorruptRecordException {
        return switch (code) {
            case 1 -> DeliveryStatus.PENDING;
            case 2 -> DeliveryStatus.DEFERRED;
            case 3 -> DeliveryStatus.DELIVERED;
            case 4 -> DeliveryStatus.FAILED;
            case 5 -> DeliveryStatus.EXPANDED;
            default -> throw new CorruptRecordException("bad status code " + code);
        };
    }

    private static int count(BinaryReader r) throws CorruptRecordException {
        int n = r.i32();
        if (n < 0 || n > 1_000_000) {
            throw new CorruptRecordException("bad count " + n);
        }
        return n;
    }
}
