"""Queueing pings for a story change, and sending the due ones.

Rows are queued by the publish path (newsroom.publishing) and sent by the task
distribution.tasks.send_due_pings in a worker, which also schedules the retries.
`manage.py send_pings` is a manual catch-up (a backend that cannot defer tasks, an outage).
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category
from articles.site_urls import absolute_url

from . import senders
from .models import Ping

logger = logging.getLogger(__name__)

DRAIN_BATCH = 100
SCHEDULED_LOOKBACK = timedelta(days=1)


def feed_urls(article) -> list[str]:
    """Every feed the story is (or was) in: the site's and each of its sections', RSS and Atom."""
    urls = [absolute_url(reverse("articles:feed-rss")), absolute_url(reverse("articles:feed-atom"))]
    sections = Category.objects.filter(articles=article.pk).values_list("slug", flat=True)
    slugs = list(dict.fromkeys([*sections, *([article.section.slug] if article.section else [])]))
    for slug in slugs:
        for name in ("articles:section-feed-rss", "articles:section-feed-atom"):
            urls.append(absolute_url(reverse(name, kwargs={"slug": slug})))
    return urls


def planned_pings(article) -> list[Ping]:
    """The pings one change of a public story calls for, as configured; unsaved."""
    pings = []
    if settings.NEWSROOM_INDEXNOW_KEY:
        story_url = absolute_url(article.get_absolute_url())
        pings += [
            Ping(kind=Ping.Kind.INDEXNOW, endpoint=endpoint, urls=[story_url])
            for endpoint in settings.NEWSROOM_INDEXNOW_ENDPOINTS
        ]
    if settings.NEWSROOM_WEBSUB_HUBS:
        feeds = feed_urls(article)
        pings += [
            Ping(kind=Ping.Kind.WEBSUB, endpoint=hub, urls=feeds)
            for hub in settings.NEWSROOM_WEBSUB_HUBS
        ]
    return pings


def enqueue(article) -> list[Ping]:
    """Queue one ping per endpoint for this change of the story; returns the new rows.

    A ping to the same endpoint about the same addresses that no sender has picked up yet
    already covers this change (it is sent after it committed), so none is added for it:
    a live story updated every minute does not flood the endpoints.
    """
    event = uuid.uuid4()
    queued = []
    for ping in planned_pings(article):
        waiting = Ping.objects.filter(
            endpoint=ping.endpoint, article_id=article.pk, status=Ping.Status.PENDING, attempts=0
        ).values_list("urls", flat=True)
        if ping.urls in list(waiting):
            continue
        ping.event, ping.article_id = event, article.pk
        ping.save()
        queued.append(ping)
    return queued


def queue_scheduled_arrivals(now=None) -> int:
    """Queue pings for scheduled stories whose time came without a save to announce it.

    Run by send_pings. A story counts until a ping about it is created at or after its
    publish time; only the last day's are looked at, so configuring endpoints later does not
    announce the back catalogue.
    """
    if not (settings.NEWSROOM_INDEXNOW_KEY and settings.NEWSROOM_INDEXNOW_ENDPOINTS) and not (
        settings.NEWSROOM_WEBSUB_HUBS
    ):
        return 0
    now = now or timezone.now()
    announced = Ping.objects.filter(
        article_id=OuterRef("pk"), created_at__gte=OuterRef("published_at")
    )
    arrived = Article.objects.filter(
        status=Article.Status.SCHEDULED,
        published_at__lte=now,
        published_at__gt=now - SCHEDULED_LOOKBACK,
    ).exclude(Exists(announced))
    return sum(bool(enqueue(story)) for story in arrived.select_related("section"))


def deliver(ping: Ping) -> Ping:
    """Send one claimed ping and record the answer."""
    try:
        status, answer = senders.send(ping)
    except senders.PingFailed as failure:
        ping.record_failure(failure.status, failure.answer, permanent=failure.permanent)
        logger.warning("Ping %s to %s failed: %s", ping.pk, ping.endpoint, failure.answer)
    else:
        ping.record_success(status, answer)
    return ping


def drain(now=None) -> list[Ping]:
    """Send every ping due now, once each, even with other senders running."""
    done = []
    while True:
        due = list(Ping.objects.due(now).order_by("next_attempt_at", "id")[:DRAIN_BATCH])
        claimed = [ping for ping in due if Ping.objects.claim(ping, now)]
        if not claimed:
            return done
        done += [deliver(ping) for ping in claimed]
