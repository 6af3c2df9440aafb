package org.postern.clientaccess.imap;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.postern.protocols.imap.ImapExtension;
import org.postern.protocols.imap.ImapRequest;
import org.postern.protocols.imap.SearchKey;

/**
 * SEARCH and UID SEARCH (RFC 3501 section 6.4.4) over headers and decoded body text, with
 * CHARSET US-ASCII or UTF-8 ({@code NO [BADCHARSET]} otherwise), the ESEARCH form (RFC 4731:
 * RETURN (MIN MAX COUNT ALL SAVE)), the saved result {@code $} (RFC 5182 SEARCHRES) and the
 * MODSEQ key and result (RFC 7162 section 3.1.5). An IMAP4rev2 session gets ESEARCH for every
 * SEARCH (RFC 9051 section 6.4.4), through the shared {@link EsearchResponse}.
 */
final class SearchHandler implements ImapHandler.InSelected {

    @Override
    public ImapState handle(ImapRequest request, ImapState.Selected state, ImapContext context) throws IOException {
        ImapRequest.Search search = (ImapRequest.Search) request.arguments();
        if (search.charset().isPresent()) {
            String cs = search.charset().get().toUpperCase(Locale.ROOT);
            if (!cs.equals("US-ASCII") && !cs.equals("UTF-8") && !(Charset.isSupported(cs) && cs.equals("UTF8"))) {
                forgetOnFailure(search, context);
                context.no(request.tag(), "BADCHARSET (US-ASCII UTF-8)", "Charset not supported");
                return state;
            }
        }
        for (String option : search.returnOptions()) {
            if (!EsearchResponse.OPTIONS.contains(option)) { // BAD leaves $ as it was (RFC 5182 section 2.1)
                context.bad(request.tag(), "Unknown RETURN option " + option);
                return state;
            }
        }
        SelectedFolder folder = state.folder();
        boolean modSeqKey = usesModSeq(search.key());
        if (modSeqKey) {
            context.enable(ImapExtension.CONDSTORE);
        }
        // a scan over the folder: off the session's carrier (ADR 0021)
        List<MessageSearch.Candidate> matched = context.backend().longWork().call(
                () -> MessageSearch.select(context.backend().store(), folder, context.savedSearch(), search.key(), false));
        List<Long> matchedUids = matched.stream().map(c -> c.uid).toList();
        // a MODSEQ key makes the search read flags (a key of header fields alone may not)
        long highestModSeq = modSeqKey ? matched.stream().mapToLong(c -> c.flags.modSeq()).max().orElse(0) : 0;
        List<Integer> matchedMsns = matched.stream().map(c -> c.msn).toList();
        List<Long> numbers = request.uid() ? matchedUids : matchedMsns.stream().map(Integer::longValue).toList();
        if (search.extended() || context.imap4rev2()) {
            // RFC 9051 section 6.4.4: an IMAP4rev2 session always gets ESEARCH, RETURN () meaning ALL
            List<String> options = search.returnOptions().isEmpty() ? List.of("ALL") : search.returnOptions();
            if (options.contains("SAVE")) {
                context.saveSearch(EsearchResponse.saved(options, matchedUids));
            }
            if (!(options.size() == 1 && options.contains("SAVE"))) {
                context.untagged(EsearchResponse.of(request.tag(), request.uid(), options, numbers,
                        modSeqKey ? OptionalLong.of(highestModSeq) : OptionalLong.empty()));
            }
        } else {
            StringBuilder sb = new StringBuilder("SEARCH");
            for (long n : numbers) {
                sb.append(' ').append(n);
            }
            if (modSeqKey && !numbers.isEmpty()) {
                sb.append(" (MODSEQ ").append(highestModSeq).append(')');
            }
            context.untagged(sb.toString());
        }
        context.ok(request.tag(), "SEARCH completed");
        return state;
    }

    /** A SEARCH RETURN (SAVE) answered NO empties {@code $} (RFC 5182 section 2.1); one answered BAD does not. */
    private static void forgetOnFailure(ImapRequest.Search search, ImapContext context) {
        if (search.returnOptions().contains("SAVE")) {
            context.saveSearch(List.of());
        }
    }

    private static boolean usesModSeq(SearchKey key) {
        return switch (key) {
            case SearchKey.ModSeq m -> true;
            case SearchKey.Not n -> usesModSeq(n.key());
            case SearchKey.Or o -> usesModSeq(o.left()) || usesModSeq(o.right());
            case SearchKey.And a -> a.keys().stream().anyMatch(SearchHandler::usesModSeq);
            default -> false;
        };
    }
}
