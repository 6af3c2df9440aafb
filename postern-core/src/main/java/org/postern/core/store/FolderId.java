package org.postern.core.store;

/**
 * A folder's identity in the store, stable across renames; message operations take it so a
 * session keeps working on the folder it selected whatever another session renames.
 */
public record FolderId(long value) {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
