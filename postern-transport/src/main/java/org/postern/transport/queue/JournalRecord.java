package org.postern.transport.queue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One record of the queue's journal. On disk each is framed as
 *
 * <pre>
 * length  u32   bytes of type and body
 * type    u8    1 SEGMENT, 2 MESSAGE, 3 STATE, 4 DONE, 5 REPORT
 * body    ...   see each record
 * crc     u32   CRC32C (RFC 3720 appendix B.4) of the segment number (u64), length, type and body
 * </pre>
 *
 * all big-endian. Seeding the checksum with the segment number makes a record valid only in
 * its own segment. A record whose length runs past the end of the file, or whose checksum is
 * wrong, is a torn tail: recovery stops there and never reads it in part.
 */
sealed interface JournalRecord {

    byte TYPE_SEGMENT = 1;
    byte TYPE_MESSAGE = 2;
    byte TYPE_STATE = 3;
    byte TYPE_DONE = 4;
    byte TYPE_REPORT = 5;

    /** The type octet. */
    byte type();

    /** The body, or for a MESSAGE the part of it before the content. */
    byte[] head();

    /** The content that follows the head (MESSAGE only). */
    default Optional<MessageContent> content() {
        return Optional.empty();
    }

    /**
     * The first record of every segment: {@code version u8 (1), segment u64, idFloor u64,
     * created u64 ms}. The id floor keeps queue ids growing across restarts.
     */
    record SegmentHeader(long segment, long idFloor, Instant created) implements JournalRecord {
        static final int VERSION = 1;

        @Override
        public byte type() {
            return TYPE_SEGMENT;
        }

        @Override
        public byte[] head() {
            return new BinaryWriter(25).u8(VERSION).i64(segment).i64(idFloor).i64(created.toEpochMilli())
                    .toByteArray();
        }

        static SegmentHeader read(BinaryReader r) throws CorruptRecordException {
            int version = r.u8();
            if (version != VERSION) {
                throw new CorruptRecordException("segment format version " + version);
            }
            SegmentHeader h = new SegmentHeader(r.i64(), r.i64(), Instant.ofEpochMilli(r.i64()));
            r.expectEnd();
            return h;
        }
    }

    /**
     * A queued message, or a compaction's copy of one: {@code metaLength u32, meta, content},
     * where meta is {@code id u64, envelope, recipient states} and the content runs to the end
     * of the body. A later MESSAGE for the same id replaces the earlier one.
     *
     * <p>A REPORT (type 5) is a MESSAGE that also settles another message's recipients: a
     * delivery status report (RFC 3464) together with the states of the recipients it reports
     * on. Its meta goes on with {@code settledId u64, states} (a STATE record's body), under the
     * same checksum as the report, so recovery finds both or neither and never a report whose
     * recipients are still open (which a repeated pass would report again). A compaction's copy
     * of a report is a plain MESSAGE: the settled states live on in the original's own later
     * records and copies, as any STATE record's do.
     */
    record MessageRecord(QueueId id, Envelope envelope, List<RecipientState> states, MessageContent body,
                         Optional<StateRecord> settles) implements JournalRecord {

        MessageRecord(QueueId id, Envelope envelope, List<RecipientState> states, MessageContent body) {
            this(id, envelope, states, body, Optional.empty());
        }

        @Override
        public byte type() {
            return settles.isPresent() ? TYPE_REPORT : TYPE_MESSAGE;
        }

        @Override
        public byte[] head() {
            BinaryWriter w = new BinaryWriter(512);
            w.i32(0).i64(id.value());
            EnvelopeCodec.writeEnvelope(w, envelope);
            EnvelopeCodec.writeStates(w, states);
            settles.ifPresent(s -> s.writeTo(w));
            w.patchI32(0, w.length() - 4);
            return w.toByteArray();
        }

        @Override
        public Optional<MessageContent> content() {
            return Optional.of(body);
        }

        /**
         * Reads the meta part (without its length prefix) of a MESSAGE, or of a REPORT when
         * {@code report}; the content is given by the reader.
         */
        static MessageRecord read(BinaryReader meta, MessageContent content, boolean report)
                throws CorruptRecordException {
            QueueId id = queueId(meta.i64());
            Envelope envelope = EnvelopeCodec.readEnvelope(meta);
            List<RecipientState> states = EnvelopeCodec.readStates(meta);
            Optional<StateRecord> settles = report ? Optional.of(StateRecord.readFrom(meta)) : Optional.empty();
            meta.expectEnd();
            return new MessageRecord(id, envelope, states, content, settles);
        }
    }

    /** Changed recipient states: {@code id u64, states}; each replaces the state of its address or adds one. */
    record StateRecord(QueueId id, List<RecipientState> changes) implements JournalRecord {
        @Override
        public byte type() {
            return TYPE_STATE;
        }

        @Override
        public byte[] head() {
            BinaryWriter w = new BinaryWriter(128);
            writeTo(w);
            return w.toByteArray();
        }

        void writeTo(BinaryWriter w) {
            w.i64(id.value());
            EnvelopeCodec.writeStates(w, changes);
        }

        static StateRecord read(BinaryReader r) throws CorruptRecordException {
            StateRecord s = readFrom(r);
            r.expectEnd();
            return s;
        }

        static StateRecord readFrom(BinaryReader r) throws CorruptRecordException {
            return new StateRecord(queueId(r.i64()), EnvelopeCodec.readStates(r));
        }
    }

    /** The message left the queue: {@code id u64, reason u8} (1 finished, 2 removed by the administrator). */
    record DoneRecord(QueueId id, boolean removed) implements JournalRecord {
        @Override
        public byte type() {
            return TYPE_DONE;
        }

        @Override
        public byte[] head() {
            return new BinaryWriter(9).i64(id.value()).u8(removed ? 2 : 1).toByteArray();
        }

        static DoneRecord read(BinaryReader r) throws CorruptRecordException {
            QueueId id = queueId(r.i64());
            int reason = r.u8();
            if (reason != 1 && reason != 2) {
                throw new CorruptRecordException("bad DONE reason " + reason);
            }
            r.expectEnd();
            return new DoneRecord(id, reason == 2);
        }
    }

    private static QueueId queueId(long value) throws CorruptRecordException {
        if (value < 0) {
            throw new CorruptRecordException("bad queue id");
        }
        return new QueueId(value);
    }
}
