package org.postern.protocols.imap;

import java.time.LocalDate;
import java.util.List;

/**
 * A search-key of RFC 3501 section 6.4.4 (grammar in section 9), as a tree. The many keys of
 * the grammar fold into few shapes: {@code FROM x} is a {@link Header} on "From", {@code SEEN}
 * and {@code UNSEEN} are a {@link Flagged} test, {@code BEFORE}/{@code ON}/{@code SINCE} and
 * their {@code SENT} forms are a {@link Dated} comparison. A parenthesised list and the
 * top-level list are {@link And}. {@code MODSEQ} is RFC 7162 section 3.1.5.
 */
public sealed interface SearchKey {

    /** ALL. */
    record All() implements SearchKey {
    }

    /** A sequence-set as a key, by number or (UID key) by UID. */
    record Sequence(SequenceSet set, boolean uid) implements SearchKey {
    }

    /**
     * A flag test: {@code ANSWERED}, {@code UNSEEN}, {@code KEYWORD x}, … The flag is as given
     * ({@code \Seen} or a keyword); {@code set} false for the UN- forms.
     */
    record Flagged(String flag, boolean set) implements SearchKey {
    }

    /** {@code RECENT} (or {@code OLD} when false): the session's \Recent. */
    record Recent(boolean recent) implements SearchKey {
    }

    /** {@code HEADER field value}, and FROM, TO, CC, BCC, SUBJECT; an empty value matches any message with the field. */
    record Header(String field, String value) implements SearchKey {
    }

    /** {@code BODY x} (body only) or {@code TEXT x} (headers and body): substring of the decoded text. */
    record Text(String value, boolean bodyOnly) implements SearchKey {
    }

    /** The date field a {@link Dated} compares. */
    enum DateField { INTERNAL, SENT }

    /** How a {@link Dated} compares (RFC 3501: dates only, time and zone ignored). */
    enum Comparison { BEFORE, ON, SINCE }

    /** {@code BEFORE}, {@code ON}, {@code SINCE}, {@code SENTBEFORE}, {@code SENTON}, {@code SENTSINCE}. */
    record Dated(DateField field, Comparison comparison, LocalDate date) implements SearchKey {
    }

    /** {@code LARGER n} or {@code SMALLER n} on RFC822.SIZE. */
    record Size(boolean larger, long octets) implements SearchKey {
    }

    /** {@code MODSEQ n} (RFC 7162): messages whose mod-sequence is at least n. */
    record ModSeq(long modSeq) implements SearchKey {
    }

    record Not(SearchKey key) implements SearchKey {
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
    }

    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }
}
