"""A story's related suggestions, computed in a worker after it is published or changed."""

from background import background_task

from .suggest import refresh_if_due


@background_task()
def suggest_related(article_id: int):
    """Idempotent: refresh_if_due recomputes only when due, and stores entries by (story,
    target), so a second run changes nothing."""
    refresh_if_due(article_id)
