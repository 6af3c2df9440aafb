package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.postern.protocols.imap.ImapRequest;

/**
 * SORT and UID SORT (RFC 5256 section 3): the messages SEARCH would find, ordered by the
 * criteria (ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, each maybe REVERSE), ties by sequence
 * number. Charsets as SEARCH ({@code NO [BADCHARSET]}). With RETURN (ESORT, RFC 5267 section 3)
 * the answer is the shared {@link EsearchResponse} in the sort order (MIN the first sorted, MAX
 * the last, ALL in order; RETURN () means ALL), and SAVE keeps the matches as {@code $} (RFC 5182
 * section 2: SAVE applies to commands based on SEARCH).
 */
final class SortHandler implements ImapHandler.InSelected {

    @Override
    public ImapState handle(ImapRequest request, ImapState.Selected state, ImapContext context) throws IOException {
        ImapRequest.Sort sort = (ImapRequest.Sort) request.arguments();
        boolean save = sort.returnOptions().contains("SAVE");
        if (!ThreadHandler.charsetSupported(sort.charset())) {
            if (save) {
                context.saveSearch(List.of()); // a SAVE answered NO empties $ (RFC 5182 section 2.1)
            }
            context.no(request.tag(), "BADCHARSET (US-ASCII UTF-8)", "Charset not supported");
            return state;
        }
        for (String option : sort.returnOptions()) {
            if (!EsearchResponse.OPTIONS.contains(option)) { // BAD leaves $ as it was (RFC 5182 section 2.1)
                context.bad(request.tag(), "Unknown RETURN option " + option);
                return state;
            }
        }
        // a scan over the folder, then the sort: off the session's carrier (ADR 0021)
        List<MessageSearch.Candidate> matched = context.backend().longWork().call(() -> sorted(context, state, sort));
        if (sort.extended()) {
            List<String> options = sort.returnOptions().isEmpty() ? List.of("ALL") : sort.returnOptions();
            if (save) {
                context.saveSearch(EsearchResponse.saved(options, matched.stream().map(c -> c.uid).toList()));
            }
            if (!(options.size() == 1 && save)) {
                List<Long> numbers = matched.stream().map(c -> request.uid() ? c.uid : (long) c.msn).toList();
                context.untagged(EsearchResponse.of(request.tag(), request.uid(), options, numbers, OptionalLong.empty()));
            }
        } else {
            StringBuilder sb = new StringBuilder("SORT");
            for (MessageSearch.Candidate c : matched) {
                sb.append(' ').append(request.uid() ? c.uid : c.msn);
            }
            context.untagged(sb.toString());
        }
        context.ok(request.tag(), "SORT completed");
        return state;
    }

    private static List<MessageSearch.Candidate> sorted(ImapContext context, ImapState.Selected state, ImapRequest.Sort sort)
            throws IOException {
        List<MessageSearch.Candidate> matched = new ArrayList<>(MessageSearch.select(context.backend().store(), state.folder(),
                context.savedSearch(), sort.key(), true));
        Comparator<MessageSearch.Candidate> order = null;
        for (ImapRequest.SortCriterion criterion : sort.criteria()) {
            Comparator<MessageSearch.Candidate> next = comparator(criterion.key());
            if (criterion.reverse()) {
                next = next.reversed();
            }
            order = order == null ? next : order.thenComparing(next);
        }
        Comparator<MessageSearch.Candidate> bySequence = Comparator.comparingInt(c -> c.msn);
        matched.sort(order == null ? bySequence : order.thenComparing(bySequence));
        return matched;
    }

    private static Comparator<MessageSearch.Candidate> comparator(ImapRequest.SortKey key) {
        return switch (key) {
            case ARRIVAL -> Comparator.comparing(c -> c.metadata.internalDate());
            case DATE -> Comparator.comparing(c -> SortKeys.sentDate(c.metadata));
            case SIZE -> Comparator.comparingLong(c -> c.metadata.size());
            case SUBJECT -> Comparator.comparing(c -> SortKeys.baseSubject(c.metadata.envelope().subject()).text());
            case FROM -> Comparator.comparing(c -> SortKeys.firstMailbox(c.metadata.envelope().from()));
            case TO -> Comparator.comparing(c -> SortKeys.firstMailbox(c.metadata.envelope().to()));
            case CC -> Comparator.comparing(c -> SortKeys.firstMailbox(c.metadata.envelope().cc()).toLowerCase(Locale.ROOT));
        };
    }
}
