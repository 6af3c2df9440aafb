package org.postern.server.admin;

/**
 * What the running server answers an administration command: an exit status and the text for
 * standard output and standard error, as if the command had run in the server.
 */
public record AdminReply(int status, String out, String err) {

    public static AdminReply ok(String out) {
        return new AdminReply(0, out, "");
    }

    public static AdminReply error(String message) {
        return new AdminReply(1, "", message.endsWith("\n") ? message : message + "\n");
    }
}
