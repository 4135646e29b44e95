"""Celery tasks for feeds: thin, they take ids and call the services in sources.feeds.

``refresh_due_feeds`` runs every minute from beat and enqueues ``refresh_feed`` for each
feed whose time has come. ``refresh_feed`` is safe to run twice (the lock, the body hash
and the unique observation per source, metric and day see to it), which is what late
acknowledgement needs: a task whose worker dies is delivered again.
"""

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.utils import timezone

from sources.feeds import (
    REFRESH_SOFT_TIME_LIMIT,
    REFRESH_TIME_LIMIT,
    feed_claim,
    feed_refresh,
    feeds_due,
)
from sources.models import Feed

# Network errors are retried after about FEEDS_RETRY_BASE_SECONDS (30 s), then 1, 2 and
# 4 minutes (full jitter); after that the feed's own backoff (next_run_at) takes over.
RETRY_MAX_SECONDS = 600


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=4,
    soft_time_limit=REFRESH_SOFT_TIME_LIMIT,
    time_limit=REFRESH_TIME_LIMIT,
    ignore_result=True,
)
def refresh_feed(self, feed_id: int) -> str:
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return "gone"
    run = feed_refresh(feed=feed, lock_owner=self.request.id)
    if run is None:
        return "locked"
    # In process (no Redis) a retry would run at once, with no backoff: the next
    # scheduled run is the retry there.
    if run.retryable and not self.request.is_eager and self.request.retries < self.max_retries:
        raise self.retry(
            countdown=get_exponential_backoff_interval(
                settings.FEEDS_RETRY_BASE_SECONDS,
                self.request.retries,
                RETRY_MAX_SECONDS,
                full_jitter=True,
            )
        )
    return run.outcome


@shared_task(ignore_result=True)
def refresh_due_feeds() -> int:
    """Enqueue every enabled feed that is due; returns how many were enqueued."""
    now = timezone.now()
    enqueued = 0
    for feed in feeds_due(now=now):
        if feed_claim(feed=feed, now=now):
            refresh_feed.delay(feed.pk)
            enqueued += 1
    return enqueued
