"""What a story's revision holds, and what a restore may change.

A revision holds the story's text and its parts (summary, attendee tables), so a restore brings
the writing back. It does not hold, and a restore never changes:
- `version`: it counts saves for the no-lost-update check; a restore is a new save, not a step
  back in that count;
- the workflow state (status, publish times, breaking): that changes only through the
  workflow, whose buttons check their own permissions;
- the related list's moderation: approving, rejecting and pinning are the moderators' call.
Revisions stored before this rule still contain related entries; the related app puts the list
back as it stood before the restore (restoring_story, related.revisions).
"""

from dataclasses import dataclass, field

import reversion
from django.dispatch import Signal

from .models import Article, Attendee, AttendeeColumn, AttendeeTable, SummaryItem

reversion.register(Attendee)
reversion.register(AttendeeColumn, follow=["attendees"])
reversion.register(AttendeeTable, follow=["columns"])
reversion.register(SummaryItem)
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
# Sent when a restore is about to rewrite a story, with `article`: an app above the core that
# holds a part of the story a restore must leave alone (the related list's moderation, see
# related.revisions) returns a function that puts that part back, given the article.
restoring_story = Signal()


@dataclass
class RestoreGuard:
    """The story as it stood before a restore rewrote it: what the restore must leave alone."""

    version: int
    state: dict
    put_back: list = field(default_factory=list)

    @classmethod
    def of(cls, article: Article) -> "RestoreGuard":
        responses = restoring_story.send(sender=Article, article=article)
        return cls(
            version=article.version,
            state={name: getattr(article, name) for name in WORKFLOW_STATE},
            put_back=[keeper for _, keeper in responses if keeper],
        )

    def keep_state(self, article: Article) -> None:
        article.version = self.version
        for name, value in self.state.items():
            setattr(article, name, value)

    def keep_other_parts(self, article: Article) -> None:
        """Parts held by other apps, as they were before the restore."""
        for keeper in self.put_back:
            keeper(article)
