package org.postern.protocols.imap;

import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed command: its tag, its entry in the command table, whether it came as
 * {@code UID <command>}, and its typed arguments. Mailbox names are as the client sent them
 * (modified UTF-7 or UTF-8); the session decodes them ({@link ModifiedUtf7}).
 */
public record ImapRequest(String tag, ImapCommand command, boolean uid, Arguments arguments) {

    /** The arguments of each command's grammar (RFC 3501 section 9 and the extensions). */
    public sealed interface Arguments {
    }

    /** Commands without arguments. */
    public record None() implements Arguments {
    }

    /** One mailbox name: CREATE, DELETE, SUBSCRIBE, UNSUBSCRIBE, GETQUOTAROOT (RFC 9208). */
    public record Mailbox(String name) implements Arguments {
    }

    /** QRESYNC select parameter (RFC 7162 section 3.2.5). */
    public record Qresync(long uidValidity, long modSeq, Optional<SequenceSet> knownUids) {
    }

    /** SELECT and EXAMINE with their optional parameters (RFC 7162: CONDSTORE, QRESYNC). */
    public record Select(String mailbox, boolean condstore, Optional<Qresync> qresync) implements Arguments {
    }

    public record Rename(String from, String to) implements Arguments {
    }

    /** LOGIN userid password (the password as octets, never logged). */
    public record Login(String user, byte[] password) implements Arguments {
        @Override
        public boolean equals(Object o) {
            return o instanceof Login l && l.user.equals(user) && Arrays.equals(l.password, password);
        }

        @Override
        public int hashCode() {
            return user.hashCode();
        }

        @Override
        public String toString() {
            return "Login[" + user + ", ***]";
        }
    }

    /** AUTHENTICATE mechanism [initial-response] (RFC 4959). */
    public record Authenticate(String mechanism, Optional<String> initialResponse) implements Arguments {
    }

    /**
     * LIST (RFC 3501 section 6.3.8, RFC 5258 LIST-EXTENDED, RFC 5819 LIST-STATUS) and LSUB:
     * reference, patterns, selection options ({@code SUBSCRIBED}, {@code SPECIAL-USE}, …) and
     * return options ({@code CHILDREN}, {@code SPECIAL-USE}, {@code SUBSCRIBED}), with the
     * STATUS items asked for in {@code RETURN (STATUS (…))}.
     */
    public record ListMailboxes(String reference, List<String> patterns, List<String> selection, List<String> returns,
                         List<String> statusItems) implements Arguments {
        public ListMailboxes {
            patterns = List.copyOf(patterns);
            selection = List.copyOf(selection);
            returns = List.copyOf(returns);
            statusItems = List.copyOf(statusItems);
        }
    }

    /** STATUS mailbox (items), items in upper case. */
    public record Status(String mailbox, List<String> items) implements Arguments {
        public Status {
            items = List.copyOf(items);
        }
    }

    /** APPEND mailbox [flags] [date-time] literal (RFC 3501 section 6.3.11). */
    public record Append(String mailbox, List<String> flags, Optional<ZonedDateTime> internalDate, byte[] message)
            implements Arguments {
        public Append {
            flags = List.copyOf(flags);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Append a && a.mailbox.equals(mailbox) && a.flags.equals(flags)
                    && a.internalDate.equals(internalDate) && Arrays.equals(a.message, message);
        }

        @Override
        public int hashCode() {
            return mailbox.hashCode() * 31 + message.length;
        }

        @Override
        public String toString() {
            return "Append[" + mailbox + ", " + flags + ", " + internalDate + ", " + message.length + " octets]";
        }
    }

    /**
     * SEARCH [RETURN (options)] [CHARSET x] keys (RFC 3501 section 6.4.4, RFC 4731 ESEARCH);
     * {@code returnOptions} empty and {@code extended} false for the classic form.
     */
    public record Search(Optional<String> charset, SearchKey key, boolean extended, List<String> returnOptions)
            implements Arguments {
        public Search {
            returnOptions = List.copyOf(returnOptions);
        }
    }

    /** A sort-key of RFC 5256 section 3. */
    public enum SortKey { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO }

    /** One sort-criterion: a key, maybe REVERSE. */
    public record SortCriterion(SortKey key, boolean reverse) {
    }

    /**
     * SORT (criteria) charset keys (RFC 5256 section 3); {@code extended} when RETURN (options)
     * came first (RFC 5267 section 3, ESORT), the options in upper case.
     */
    public record Sort(List<SortCriterion> criteria, String charset, SearchKey key, boolean extended, List<String> returnOptions)
            implements Arguments {
        public Sort {
            criteria = List.copyOf(criteria);
            returnOptions = List.copyOf(returnOptions);
        }
    }

    /** THREAD algorithm charset keys (RFC 5256 section 3), the algorithm in upper case. */
    public record Thread(String algorithm, String charset, SearchKey key) implements Arguments {
    }

    /** FETCH set items [(CHANGEDSINCE n [VANISHED])] (RFC 7162 section 3.1.4, 3.2.6). */
    public record Fetch(SequenceSet set, List<FetchAttribute> attributes, Optional<Long> changedSince, boolean vanished)
            implements Arguments {
        public Fetch {
            attributes = List.copyOf(attributes);
        }
    }

    /** How STORE combines flags (RFC 3501 section 6.4.6). */
    public enum StoreMode { REPLACE, ADD, REMOVE }

    /** STORE set [(UNCHANGEDSINCE n)] mode[.SILENT] flags. */
    public record Store(SequenceSet set, StoreMode mode, boolean silent, List<String> flags, Optional<Long> unchangedSince)
            implements Arguments {
        public Store {
            flags = List.copyOf(flags);
        }
    }

    /** COPY and MOVE: set mailbox. */
    public record Copy(SequenceSet set, String mailbox) implements Arguments {
    }

    /** EXPUNGE, or UID EXPUNGE set (RFC 4315 section 2.1). */
    public record Expunge(Optional<SequenceSet> uids) implements Arguments {
    }

    /** COMPRESS mechanism (RFC 4978), the mechanism in upper case. */
    public record Compress(String mechanism) implements Arguments {
    }

    /** ENABLE capability… (RFC 5161). */
    public record Enable(List<String> capabilities) implements Arguments {
        public Enable {
            capabilities = List.copyOf(capabilities);
        }
    }

    /** GETQUOTA quota-root-name (RFC 9208 section 4.2.1). */
    public record QuotaRoot(String root) implements Arguments {
    }

    /** One setquota_resource of SETQUOTA: a resource name, upper-cased, and its limit. */
    public record QuotaLimit(String resource, long limit) {
    }

    /** SETQUOTA quota-root-name (resource limit …) (RFC 9208 section 4.2.3). */
    public record SetQuota(String root, List<QuotaLimit> limits) implements Arguments {
        public SetQuota {
            limits = List.copyOf(limits);
        }
    }

    /** ID (field value …) or ID NIL (RFC 2971); values may be null. */
    public record Id(Map<String, String> fields) implements Arguments {
    }
}
