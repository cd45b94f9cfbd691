"""What a story's revision holds, and what a restore may change.

A revision holds the story's text and its parts (summary, attendee tables), so a restore brings
the writing back. It does not hold, and a restore never changes:
- `version`: it counts saves for the no-lost-update check; a restore is a new save, not a step
  back in that count;
- the workflow state (status, publish times, breaking): that changes only through the
  workflow, whose buttons check their own permissions;
- the related list's moderation: approving, rejecting and pinning are the moderators' call.
Revisions stored before this rule still contain related entries; RestoreGuard puts the list
back as it stood before the restore.
"""

from dataclasses import dataclass, field

import reversion

from .models import (
    Article,
    Attendee,
    AttendeeColumn,
    AttendeeTable,
    RelatedEntry,
    SummaryItem,
)

reversion.register(Attendee)
reversion.register(AttendeeColumn, follow=["attendees"])
reversion.register(AttendeeTable, follow=["columns"])
reversion.register(SummaryItem)
reversion.register(RelatedEntry)
reversion.register(
    Article,
    exclude=["version"],
    follow=["summary_items", "attendee_tables"],
)

# Set on a story only through the workflow (articles.workflow), never by a restore.
WORKFLOW_STATE = (
    "status",
    "published_at",
    "first_published_at",
    "is_breaking",
    "breaking_until",
    "breaking_priority",
    "slug",
)
RELATED_FIELDS = (
    "target_id",
    "title",
    "url",
    "status",
    "origin",
    "pinned",
    "position",
    "score",
    "moderated_by_id",
    "moderated_at",
)


@dataclass
class RestoreGuard:
    """The story as it stood before a restore rewrote it: what the restore must leave alone."""

    version: int
    state: dict
    related: dict = field(default_factory=dict)

    @classmethod
    def of(cls, article: Article) -> "RestoreGuard":
        return cls(
            version=article.version,
            state={name: getattr(article, name) for name in WORKFLOW_STATE},
            related={
                entry["id"]: entry
                for entry in article.related_entries.values("id", *RELATED_FIELDS)
            },
        )

    def keep_state(self, article: Article) -> None:
        article.version = self.version
        for name, value in self.state.items():
            setattr(article, name, value)

    def keep_related_list(self, article: Article) -> None:
        entries = article.related_entries.all()
        entries.exclude(pk__in=self.related).delete()
        for pk, values in self.related.items():
            fields = {name: values[name] for name in RELATED_FIELDS}
            updated = RelatedEntry.objects.filter(pk=pk).update(**fields)
            if not updated:
                RelatedEntry.objects.create(pk=pk, article=article, **fields)
