package org.postern.ldap;

import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A search over the {@link AddressBook} (RFC 4511 section 4.5): base and scope, the filter
 * (the SDK's own matching, case-insensitive strings), the requested attributes ({@code *} or
 * none for every user attribute, {@code 1.1} for none) and a size limit — the client's, capped
 * by the server's. The root DSE (RFC 4512 section 5.1) names the naming context, LDAPv3, and the
 * StartTLS extension.
 *
 * @param book          the entries
 * @param maxEntries    the server's size limit
 * @param saslMechanisms what the root DSE lists as supportedSASLMechanisms
 */
record AddressBookSearch(AddressBook book, int maxEntries, List<String> saslMechanisms) {

    /** StartTLS (RFC 4511 section 4.14.1). */
    static final String START_TLS_OID = "1.3.6.1.4.1.1466.20037";

    /** How a search ended. */
    record Outcome(ResultCode code, String matchedDn, String message) {
    }

    Outcome run(SearchRequestProtocolOp request, Consumer<Entry> send) {
        DN base;
        try {
            base = new DN(request.getBaseDN());
        } catch (LDAPException e) {
            return new Outcome(ResultCode.INVALID_DN_SYNTAX, null, "the base is not a DN");
        }
        if (base.isNullDN() && request.getScope() == SearchScope.BASE) {
            Entry root = rootDse();
            if (matches(request, root)) {
                send.accept(select(root, request.getAttributes(), true));
            }
            return new Outcome(ResultCode.SUCCESS, null, null);
        }
        List<Entry> entries = book.entries();
        Optional<DN> context = book.base();
        if (context.isEmpty() || !(base.isNullDN() || base.isDescendantOf(context.get(), true))) {
            return new Outcome(ResultCode.NO_SUCH_OBJECT, context.map(DN::toString).orElse(null), "no such entry");
        }
        if (!base.isNullDN() && entries.stream().noneMatch(e -> dnOf(e).equals(base))) {
            return new Outcome(ResultCode.NO_SUCH_OBJECT, context.get().toString(), "no such entry");
        }
        int limit = request.getSizeLimit() > 0 ? Math.min(request.getSizeLimit(), maxEntries) : maxEntries;
        int sent = 0;
        for (Entry entry : entries) {
            if (!base.isNullDN() && !inScope(dnOf(entry), base, request.getScope())) {
                continue;
            }
            if (matches(request, entry)) {
                if (sent == limit) {
                    return new Outcome(ResultCode.SIZE_LIMIT_EXCEEDED, null, "more than " + limit + " entries match");
                }
                send.accept(select(entry, request.getAttributes(), false));
                sent++;
            }
        }
        return new Outcome(ResultCode.SUCCESS, null, null);
    }

    private static DN dnOf(Entry entry) {
        try {
            return entry.getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalStateException("an address book entry has a malformed DN: " + entry.getDN(), e);
        }
    }

    private static boolean inScope(DN dn, DN base, SearchScope scope) {
        try {
            return dn.matchesBaseAndScope(base, scope);
        } catch (LDAPException e) {
            return false;
        }
    }

    private static boolean matches(SearchRequestProtocolOp request, Entry entry) {
        try {
            return request.getFilter().matchesEntry(entry);
        } catch (LDAPException e) {
            return false; // an extensible match or syntax the SDK cannot evaluate matches nothing (RFC 4511: Undefined)
        }
    }

    private Entry rootDse() {
        Entry root = new Entry("");
        root.addAttribute("objectClass", "top");
        book.base().ifPresent(base -> root.addAttribute("namingContexts", base.toString()));
        root.addAttribute("supportedLDAPVersion", "3");
        root.addAttribute("supportedExtension", START_TLS_OID);
        if (!saslMechanisms.isEmpty()) {
            root.addAttribute("supportedSASLMechanisms", saslMechanisms);
        }
        root.addAttribute("vendorName", "Postern");
        return root;
    }

    /** The requested attributes of an entry; operational ones ({@code +}) only on the root DSE, where all are. */
    private static Entry select(Entry entry, List<String> requested, boolean operationalToo) {
        Set<String> names = requested.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        if (names.contains("1.1") && names.size() == 1) {
            return new Entry(entry.getDN());
        }
        boolean all = names.isEmpty() || names.contains("*") || (operationalToo && names.contains("+"));
        if (all) {
            return entry;
        }
        List<Attribute> kept = new ArrayList<>();
        for (Attribute a : entry.getAttributes()) {
            if (names.contains(a.getBaseName().toLowerCase(Locale.ROOT))) {
                kept.add(a);
            }
        }
        return new Entry(entry.getDN(), kept);
    }
}
