package org.postern.core.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A folder of a mailbox: its stable id, its name, its special use (RFC 6154) if it is one of
 * the default folders, and its UIDVALIDITY (RFC 3501 section 2.3.1.1), which never repeats
 * for a name of this mailbox.
 */
public record Folder(FolderId id, FolderPath path, Optional<SpecialUse> specialUse, long uidValidity) {
    public Folder {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(specialUse, "specialUse");
    }
}
