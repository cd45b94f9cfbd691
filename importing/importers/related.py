"""The related-headline list ("발견") of an imported story.

A headline that is exactly the headline of a published story of ours links to it and is
approved at once (an exact match needs no judgement); any other headline is kept as a title
awaiting a moderator (suggested, no target, no URL). Nothing is dropped.

Re-importing never duplicates entries and never undoes a moderator: an existing entry for a
headline is left as it is, except that a still-pending suggestion gains its story once one has
been published. Entries are never deleted by an import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.models import Article
from related.models import RelatedEntry


def published_by_headline(headlines, *, exclude_pk=None) -> dict[str, Article]:
    """The newest published story for each headline that one has exactly."""
    stories = Article.objects.published().filter(headline__in=list(headlines))
    if exclude_pk is not None:
        stories = stories.exclude(pk=exclude_pk)
    found: dict[str, Article] = {}
    for story in stories.order_by("-published_at", "-id"):
        found.setdefault(story.headline, story)
    return found


@dataclass
class RelatedPlan:
    new_entries: list[RelatedEntry] = field(default_factory=list)
    resolved: list[tuple[RelatedEntry, Article]] = field(default_factory=list)

    def describe(self) -> list[str]:
        notes = []
        if self.new_entries:
            matched = sum(1 for entry in self.new_entries if entry.target_id)
            notes.append(f"related +{len(self.new_entries)} ({matched} linked)")
        if self.resolved:
            notes.append(f"related {len(self.resolved)} now linked")
        return notes

    def apply(self, article: Article):
        for entry in self.new_entries:
            entry.article = article
        RelatedEntry.objects.bulk_create(self.new_entries)
        for entry, target in self.resolved:
            entry.target = target
            entry.status = RelatedEntry.Status.APPROVED
            entry.save(update_fields=["target", "status"])


def plan_related(article: Article | None, headlines: list[str]) -> RelatedPlan:
    plan = RelatedPlan()
    if not headlines:
        return plan
    existing = list(article.related_entries.select_related("target")) if article else []
    by_headline: dict[str, RelatedEntry] = {}
    for entry in existing:
        for title in (entry.title, entry.target.headline if entry.target_id else ""):
            if title:
                by_headline.setdefault(title, entry)
    linked = {entry.target_id for entry in existing if entry.target_id}
    targets = published_by_headline(headlines, exclude_pk=article.pk if article else None)
    position = max((entry.position for entry in existing), default=-1) + 1
    for headline in dict.fromkeys(headlines):  # a headline listed twice is one entry
        target = targets.get(headline)
        if target is not None and target.pk in linked:
            target = None  # one entry per target story; a second headline stays a title
        entry = by_headline.get(headline)
        if entry is not None:
            pending = entry.status == RelatedEntry.Status.SUGGESTED and entry.moderated_at is None
            if target is not None and entry.target_id is None and pending:
                plan.resolved.append((entry, target))
                linked.add(target.pk)
            continue
        plan.new_entries.append(
            RelatedEntry(
                target=target,
                title=headline,
                status=RelatedEntry.Status.APPROVED if target else RelatedEntry.Status.SUGGESTED,
                origin=RelatedEntry.Origin.IMPORTED,
                position=position,
            )
        )
        if target is not None:
            linked.add(target.pk)
        position += 1
    return plan
