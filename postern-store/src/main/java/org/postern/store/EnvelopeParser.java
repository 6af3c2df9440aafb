package org.postern.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.DomainList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.postern.core.store.Envelope;
import org.postern.core.store.EnvelopeAddress;

/**
 * Builds the ENVELOPE of RFC 3501 section 7.4.2 from a message's header fields. Address
 * fields are parsed leniently: what cannot be parsed is left out, never an error. Absent
 * Sender and Reply-To default to From, as the RFC requires.
 */
final class EnvelopeParser {

    private EnvelopeParser() {
    }

    static Envelope parse(HeaderFields h) {
        List<EnvelopeAddress> from = addresses(h, "From");
        List<EnvelopeAddress> sender = addresses(h, "Sender");
        List<EnvelopeAddress> replyTo = addresses(h, "Reply-To");
        return new Envelope(h.first("Date"), h.first("Subject"), from,
                sender.isEmpty() ? from : sender, replyTo.isEmpty() ? from : replyTo,
                addresses(h, "To"), addresses(h, "Cc"), addresses(h, "Bcc"),
                h.first("In-Reply-To"), h.first("Message-ID"), h.first("References"));
    }

    private static List<EnvelopeAddress> addresses(HeaderFields h, String name) {
        List<EnvelopeAddress> result = new ArrayList<>();
        for (String body : h.all(name)) {
            AddressList list;
            try {
                list = LenientAddressParser.DEFAULT.parseAddressList(body);
            } catch (RuntimeException e) {
                continue;
            }
            for (Address a : list) {
                if (a instanceof Mailbox m) {
                    result.add(address(m));
                } else if (a instanceof Group g) {
                    result.add(EnvelopeAddress.groupStart(g.getName()));
                    for (Mailbox m : g.getMailboxes()) {
                        result.add(address(m));
                    }
                    result.add(EnvelopeAddress.groupEnd());
                }
            }
        }
        return result;
    }

    private static EnvelopeAddress address(Mailbox m) {
        DomainList route = m.getRoute();
        String adl = route == null || route.isEmpty() ? null : route.toRouteString();
        String domain = m.getDomain();
        return new EnvelopeAddress(emptyToNull(m.getName()), adl, m.getLocalPart(),
                domain == null ? "" : domain);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
