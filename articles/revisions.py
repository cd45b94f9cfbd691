"""What a story's revision holds: the story and its parts, so a restore brings all of it back.

`version` is left out: it counts saves for the no-lost-update check, and restoring an old
revision is a new save, not a step back in that count (ArticleAdmin.revision_view carries the
count across the restore).
"""

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
    follow=["summary_items", "attendee_tables", "related_entries"],
)
