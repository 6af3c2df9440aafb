package org.postern.clientaccess.pop3;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.FolderId;
import org.postern.core.store.MessageMetadata;

/**
 * The maildrop of a POP3 session (RFC 1939 section 5): the owner's Inbox as it was when the
 * session entered TRANSACTION, numbered from 1, with the marks DELE set and RSET clears.
 * Messages that arrive later are not seen until the next session, as RFC 1939 asks; messages
 * another client removes in the meantime answer {@code -ERR} when read.
 *
 * <p>The unique-id of UIDL (RFC 1939 section 7) is {@code UIDVALIDITY.UID}: a store UID is
 * never reused in a folder and UIDVALIDITY changes if the folder is ever recreated, so an id
 * is stable across sessions and never names two messages.
 */
final class Maildrop {

    /** One message of the snapshot: its POP3 number, its store UID and its size in octets. */
    record Message(int number, long uid, long size) {
    }

    private final EmailAddress owner;
    private final FolderId folder;
    private final long uidValidity;
    private final List<Message> messages;
    private final BitSet deleted = new BitSet();

    Maildrop(EmailAddress owner, FolderId folder, long uidValidity, List<MessageMetadata> snapshot) {
        this.owner = owner;
        this.folder = folder;
        this.uidValidity = uidValidity;
        List<Message> list = new ArrayList<>(snapshot.size());
        for (MessageMetadata m : snapshot) {
            list.add(new Message(list.size() + 1, m.uid(), m.size()));
        }
        this.messages = List.copyOf(list);
    }

    EmailAddress owner() {
        return owner;
    }

    FolderId folder() {
        return folder;
    }

    /** The message with this number, unless there is none or it is marked deleted. */
    Optional<Message> message(int number) {
        if (number < 1 || number > messages.size() || deleted.get(number)) {
            return Optional.empty();
        }
        return Optional.of(messages.get(number - 1));
    }

    boolean isDeleted(int number) {
        return deleted.get(number);
    }

    /** Messages not marked deleted, in order. */
    List<Message> live() {
        return messages.stream().filter(m -> !deleted.get(m.number())).toList();
    }

    int count() {
        return messages.size() - deleted.cardinality();
    }

    long size() {
        return live().stream().mapToLong(Message::size).sum();
    }

    void delete(Message message) {
        deleted.set(message.number());
    }

    int deletedCount() {
        return deleted.cardinality();
    }

    /** RSET: unmarks every message. */
    void reset() {
        deleted.clear();
    }

    /** The store UIDs of the messages marked deleted, for the UPDATE state. */
    List<Long> deletedUids() {
        return messages.stream().filter(m -> deleted.get(m.number())).map(Message::uid).toList();
    }

    String uniqueId(Message message) {
        return uidValidity + "." + message.uid();
    }
}
