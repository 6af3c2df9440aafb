package org.postern.auth.ntlm;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postern.protocols.ntlm.AvPairs;

/**
 * Who the server says it is in a CHALLENGE message (MS-NLMP section 2.2.1.2, TargetName and
 * TargetInfo), and how a client's domain and user name map to a directory login.
 *
 * <p>The DNS domain is the first accepted domain (the one the Kerberos realm is named after);
 * the NetBIOS domain is its first label in upper case ({@code example.test} → {@code EXAMPLE}),
 * the NetBIOS computer name the host name's first label, each at most 15 characters.
 *
 * @param nbDomain    MsvAvNbDomainName, also the TargetName
 * @param nbComputer  MsvAvNbComputerName
 * @param dnsDomain   MsvAvDnsDomainName
 * @param dnsComputer MsvAvDnsComputerName
 */
public record NtlmTarget(String nbDomain, String nbComputer, String dnsDomain, String dnsComputer) {

    /** NetBIOS names are at most 15 characters (the 16th is the service type). */
    static final int NETBIOS_LENGTH = 15;

    /** From the server's host name and the directory's accepted domains (sorted; the first names the domain). */
    public static NtlmTarget of(String hostname, List<String> acceptedDomains) {
        String host = hostname.toLowerCase(Locale.ROOT);
        String domain;
        if (!acceptedDomains.isEmpty()) {
            domain = acceptedDomains.get(0).toLowerCase(Locale.ROOT);
        } else {
            int dot = host.indexOf('.');
            domain = dot > 0 && dot < host.length() - 1 ? host.substring(dot + 1) : host;
        }
        return new NtlmTarget(netbios(domain), netbios(host), domain, host);
    }

    private static String netbios(String dnsName) {
        int dot = dnsName.indexOf('.');
        String label = (dot > 0 ? dnsName.substring(0, dot) : dnsName).toUpperCase(Locale.ROOT);
        return label.length() > NETBIOS_LENGTH ? label.substring(0, NETBIOS_LENGTH) : label;
    }

    /** The TargetInfo: the four names and the server's time (MsvAvTimestamp, a FILETIME). */
    public AvPairs targetInfo(long fileTime) {
        return new AvPairs(List.of(
                AvPairs.name(AvPairs.MSV_AV_NB_DOMAIN_NAME, nbDomain),
                AvPairs.name(AvPairs.MSV_AV_NB_COMPUTER_NAME, nbComputer),
                AvPairs.name(AvPairs.MSV_AV_DNS_DOMAIN_NAME, dnsDomain),
                AvPairs.name(AvPairs.MSV_AV_DNS_COMPUTER_NAME, dnsComputer),
                AvPairs.timestamp(fileTime)));
    }

    /**
     * The directory login a client means: a user name with {@code @} is a login (a user principal
     * name, {@code alice@example.test}) whatever the domain; a bare name ({@code alice}) is
     * {@code alice@} the DNS domain when the client's domain is empty, this NetBIOS domain or this
     * DNS domain, and {@code alice@d} when the domain is another accepted domain {@code d}. Any
     * other domain is not this directory's: empty.
     */
    public Optional<String> login(String domain, String user, List<String> acceptedDomains) {
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (user.indexOf('@') > 0) {
            return Optional.of(user);
        }
        if (domain.isEmpty() || domain.equalsIgnoreCase(nbDomain) || domain.equalsIgnoreCase(dnsDomain)) {
            return Optional.of(user + "@" + dnsDomain);
        }
        String d = domain.toLowerCase(Locale.ROOT);
        return acceptedDomains.contains(d) ? Optional.of(user + "@" + d) : Optional.empty();
    }
}
