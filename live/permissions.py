"""Who may post to a live story, checked on the server by every view and the admin."""

from articles.workflow import can_edit


def can_post_updates(user, article) -> bool:
    """The desk and administrators, on a story they may edit; never reporters or moderators."""
    return user.has_perm("live.add_liveupdate") and can_edit(user, article)


def can_run_coverage(user, article) -> bool:
    """Starting and ending the coverage is the desk's call, like publishing."""
    return user.has_perm("live.change_livecoverage") and can_edit(user, article)
