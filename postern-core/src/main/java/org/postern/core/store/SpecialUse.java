package org.postern.core.store;

import java.util.Optional;

/**
 * The default folders every mailbox has, with the names Exchange gives them and the
 * special-use attributes of RFC 6154 section 2 (INBOX is RFC 3501 section 5.1's own name).
 */
public enum SpecialUse {
    INBOX("Inbox", null),
    SENT("Sent Items", "\\Sent"),
    DRAFTS("Drafts", "\\Drafts"),
    DELETED_ITEMS("Deleted Items", "\\Trash"),
    JUNK("Junk E-mail", "\\Junk"),
    OUTBOX("Outbox", null);

    private final String defaultName;
    private final String imapAttribute;

    SpecialUse(String defaultName, String imapAttribute) {
        this.defaultName = defaultName;
        this.imapAttribute = imapAttribute;
    }

    /** The folder name a new mailbox gets, as Exchange 2007 names it. */
    public String defaultName() {
        return defaultName;
    }

    /** The RFC 6154 attribute ({@code \Sent}, {@code \Trash}, …); empty for INBOX and Outbox, which have none. */
    public Optional<String> imapAttribute() {
        return Optional.ofNullable(imapAttribute);
    }
}
