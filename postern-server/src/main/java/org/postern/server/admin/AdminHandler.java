package org.postern.server.admin;

import java.util.List;

/** Carries out one kind of administration command inside the running server ({@code queue list}, …). */
@FunctionalInterface
public interface AdminHandler {

    /** @param args the command's arguments after its name */
    AdminReply handle(List<String> args) throws Exception;
}
