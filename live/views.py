"""The readers' side of live coverage: new, edited and removed updates since a cursor, as JSON."""

import re

from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from articles.models import Article
from delivery import marks
from delivery.page_cache import POLL, cached_page

from .models import Cursor, LiveUpdate

# Updates per answer; the page asks again at once while "more" is true.
BATCH = 50


# ASCII digits only ("²".isdigit() is true, int("²") fails); 18 digits always fit a bigint.
STORY_ID = re.compile(r"[0-9]{1,18}", re.ASCII)


def story_lookup(ref: str, prefix: str = "") -> dict:
    """A story by id when ref is a number, else by slug (a numeric slug goes by its id)."""
    return {f"{prefix}pk": int(ref)} if STORY_ID.fullmatch(ref) else {f"{prefix}slug": ref}


def story_marks(ref: str) -> list[str]:
    """The change mark a story's poll answer follows: by id, as story pages address it."""
    if STORY_ID.fullmatch(ref):
        return [marks.story_id_mark(int(ref))]
    return [marks.story_mark(ref)]


@require_GET
@cached_page(POLL, params=("since",), changes=story_marks)
def updates_since(request, ref):
    """Updates added, edited or removed after ?since=<cursor>, and the cursor to ask with next.

    Two queries whatever the size of the blog. Every reader on the same cursor shares one
    answer in the page cache, fresh until the story changes and for a second at most, and
    any proxy may keep it for that second: a thousand open pages cost the database about one
    answer a second, and a new update is in the next answer after its save. The updates are read
    before the coverage: a removal that committed before the newest update read (they take
    the story's row lock in turn) is then always in the coverage read after it.
    """
    try:
        cursor = Cursor.parse(request.GET.get("since"))
    except ValueError as error:
        return JsonResponse({"error": str(error)}, status=400)
    changed = list(
        LiveUpdate.objects.filter(**story_lookup(ref, "article__"))
        .changed_since(cursor)
        .select_related("author")[: BATCH + 1]
    )
    story = (
        Article.objects.published()
        .filter(live_coverage__isnull=False, **story_lookup(ref))
        .select_related("live_coverage")
        .only("pk", "live_coverage")
        .first()
    )
    if story is None:
        raise Http404("실시간 중계 중인 기사가 없습니다.")
    coverage = story.live_coverage
    removed = coverage.removed_since(cursor)
    more, changed = len(changed) > BATCH, changed[:BATCH]
    if changed:
        cursor = Cursor.after(changed[-1])
    return JsonResponse(
        {
            "state": coverage.state,
            "state_label": coverage.get_state_display(),
            "cursor": str(cursor),
            "more": more,
            "updates": [
                {
                    "id": update.pk,
                    "anchor": update.anchor,
                    "html": render_to_string(
                        "includes/article/live_update.html", {"update": update}
                    ),
                }
                for update in changed
            ],
            "removed": [f"update-{pk}" for pk in removed],
        },
        json_dumps_params={"ensure_ascii": False},
    )
