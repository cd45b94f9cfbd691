"""The related list readers see under a story, chosen from its entries in memory.

Everything works on article.related_entries.all(): with that prefetched together with the
target stories (public_list_prefetch, used by reader.stored_pages.story_queryset), rendering
the list costs no query of its own however long the list is.
"""

from django.db.models import Prefetch

from outlet.models import OutletSettings

from .models import RelatedEntry


def public_list_prefetch() -> Prefetch:
    """The prefetch of a story's entries that public_list() reads: one query per page."""
    return Prefetch("related_entries", queryset=RelatedEntry.objects.for_public_list())


def public_list(article) -> list[RelatedEntry]:
    """The list readers see under article, as long and as filled as the outlet's settings say."""
    outlet = OutletSettings.current()
    return public_related_entries(
        article, limit=outlet.related_limit, backfill=outlet.related_backfill
    )


def public_related_entries(article, *, limit: int, backfill: bool) -> list[RelatedEntry]:
    """Pinned entries, then approved ones, each in their order, up to `limit`.

    With `backfill`, room left is filled with the best untouched automatic suggestions.
    An entry is shown only while it links somewhere a reader may go: a story of ours that
    is public now, or an external URL. A story linked twice is shown once.
    """
    entries = list(article.related_entries.all())
    chosen = [entry for entry in entries if is_chosen(entry)]
    chosen.sort(key=lambda entry: (not entry.pinned, entry.position, entry.pk))
    if backfill:
        spare = [entry for entry in entries if is_backfill(entry)]
        spare.sort(key=lambda entry: (-(entry.score or 0), entry.position, entry.pk))
        chosen += spare
    shown, seen = [], set()
    for entry in chosen:
        if len(shown) >= limit:
            break
        key = ("story", entry.target_id) if entry.target_id else ("url", entry.url)
        if entry.links_publicly and key not in seen:
            seen.add(key)
            shown.append(entry)
    return shown


def is_chosen(entry: RelatedEntry) -> bool:
    if entry.status == RelatedEntry.Status.REJECTED:
        return False
    return entry.pinned or entry.status == RelatedEntry.Status.APPROVED


def is_backfill(entry: RelatedEntry) -> bool:
    return (
        entry.status == RelatedEntry.Status.SUGGESTED
        and entry.origin == RelatedEntry.Origin.AUTOMATIC
        and not entry.pinned
    )
