package org.postern.server.cli;

import org.postern.server.Foundation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code postern domain add|list|remove}: the accepted domains. */
@Command(name = "domain", description = "Manage the accepted domains (mail for them is delivered here).",
        mixinStandardHelpOptions = true,
        subcommands = {DomainCommand.Add.class, DomainCommand.ListDomains.class, DomainCommand.Remove.class})
public final class DomainCommand {

    @Command(name = "add", description = "Accept mail for a domain.", mixinStandardHelpOptions = true)
    static final class Add extends AdminCommand {
        @Parameters(paramLabel = "NAME", description = "The domain name, e.g. example.test.")
        String name;

        @Override
        protected void execute(Foundation foundation) {
            directory(foundation).addDomain(name);
            out().println("domain " + name + " accepted");
        }
    }

    @Command(name = "list", description = "List the accepted domains.", mixinStandardHelpOptions = true)
    static final class ListDomains extends AdminCommand {
        @Override
        protected void execute(Foundation foundation) {
            directory(foundation).acceptedDomains().forEach(out()::println);
        }
    }

    @Command(name = "remove", description = "Stop accepting a domain (it must hold no users, aliases or groups).",
            mixinStandardHelpOptions = true)
    static final class Remove extends AdminCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected void execute(Foundation foundation) {
            directory(foundation).removeDomain(name);
            out().println("domain " + name + " removed");
        }
    }
}
