package org.postern.protocols.imap;

/**
 * Capabilities that no single command brings: protocol behaviour the whole session shows. The
 * ones a client turns on with ENABLE (RFC 5161) say so.
 */
public enum ImapExtension {
    /**
     * RFC 9051: the session speaks IMAP4rev2 once the client sends {@code ENABLE IMAP4rev2}
     * (section 6.3.1); listed right after IMAP4rev1 by {@link ImapCapabilities}.
     */
    IMAP4REV2("IMAP4rev2", true),
    /** RFC 7888: non-synchronizing literals. */
    LITERAL_PLUS("LITERAL+", false),
    /** RFC 4959: the initial response on AUTHENTICATE (offered with the mechanisms, after TLS). */
    SASL_IR("SASL-IR", false),
    /** RFC 4315: APPENDUID, COPYUID, UID EXPUNGE. */
    UIDPLUS("UIDPLUS", false),
    /** RFC 3348: \HasChildren and \HasNoChildren in LIST. */
    CHILDREN("CHILDREN", false),
    /** RFC 6154: \Sent, \Trash, … on the default folders. */
    SPECIAL_USE("SPECIAL-USE", false),
    /** RFC 5258: LIST with selection and return options. */
    LIST_EXTENDED("LIST-EXTENDED", false),
    /** RFC 5819: STATUS in LIST's return options. */
    LIST_STATUS("LIST-STATUS", false),
    /** RFC 4731: SEARCH RETURN (MIN MAX COUNT ALL). */
    ESEARCH("ESEARCH", false),
    /** RFC 5182: SEARCH RETURN (SAVE) and {@code $} for the saved result. */
    SEARCHRES("SEARCHRES", false),
    /** RFC 3516: FETCH BINARY[], BINARY.PEEK[], BINARY.SIZE[] and APPEND of a literal8. */
    BINARY("BINARY", false),
    /** RFC 7162: mod-sequences; turned on by ENABLE, SELECT (CONDSTORE) or a CHANGEDSINCE/MODSEQ use. */
    CONDSTORE("CONDSTORE", true),
    /** RFC 7162: quick resynchronization; ENABLE QRESYNC turns on CONDSTORE too. */
    QRESYNC("QRESYNC", true),
    /** RFC 6855: UTF-8 mailbox names and quoted strings once enabled. */
    UTF8_ACCEPT("UTF8=ACCEPT", true);

    private final String atom;
    private final boolean enableable;

    ImapExtension(String atom, boolean enableable) {
        this.atom = atom;
        this.enableable = enableable;
    }

    /** The capability atom as it appears in CAPABILITY. */
    public String atom() {
        return atom;
    }

    /** True when the client turns it on with ENABLE (RFC 5161 section 3.1). */
    public boolean enableable() {
        return enableable;
    }

    /** The ENABLE-able extension named {@code name}, case-insensitively; null if none. */
    public static ImapExtension enableable(String name) {
        for (ImapExtension e : values()) {
            if (e.enableable && e.atom.equalsIgnoreCase(name)) {
                return e;
            }
        }
        return null;
    }
}
