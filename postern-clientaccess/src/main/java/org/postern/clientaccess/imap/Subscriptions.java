package org.postern.clientaccess.imap;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.postern.core.address.EmailAddress;

/**
 * SUBSCRIBE and UNSUBSCRIBE (RFC 3501 sections 6.3.6, 6.3.7). Every folder counts as
 * subscribed unless the user unsubscribed it; the store keeps no subscriptions yet, so an
 * unsubscription lasts as long as the process (docs/adr/0008-imap.md).
 */
public final class Subscriptions {

    private final Map<EmailAddress, Set<String>> unsubscribed = new ConcurrentHashMap<>();

    public boolean isSubscribed(EmailAddress user, String name) {
        Set<String> off = unsubscribed.get(user);
        return off == null || !off.contains(name);
    }

    public void subscribe(EmailAddress user, String name) {
        Set<String> off = unsubscribed.get(user);
        if (off != null) {
            off.remove(name);
        }
    }

    public void unsubscribe(EmailAddress user, String name) {
        unsubscribed.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(name);
    }
}
