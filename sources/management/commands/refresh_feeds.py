"""``manage.py refresh_feeds [--feed ID] [--sync]``: refresh feeds now.

Without ``--feed`` every enabled feed is refreshed, due or not. ``--sync`` runs in this
process and prints each outcome; otherwise the refreshes are enqueued on Celery (which,
without REDIS_URL, also runs them here).
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from sources.feeds import feed_refresh
from sources.models import Feed
from sources.tasks import refresh_feed

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Refresh one feed or all enabled feeds, in process (--sync) or through Celery."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--feed", type=int, help="Id of the feed (default: all enabled feeds).")
        parser.add_argument("--sync", action="store_true", help="Run here instead of enqueueing.")

    def handle(self, *args, **options) -> None:
        if options["feed"] is not None:
            feeds = list(Feed.objects.filter(pk=options["feed"]))
            if not feeds:
                raise CommandError(f"no feed with id {options['feed']}")
        else:
            feeds = list(Feed.objects.filter(enabled=True))
        failed = 0
        for feed in feeds:
            if not options["sync"]:
                refresh_feed.delay(feed.pk)
                self.stdout.write(f"{feed.pk} {feed.name}: enqueued")
                continue
            try:
                run = feed_refresh(feed=feed)
            except Exception as exc:
                # Recorded on the feed's run where the database allowed it (a dropped
                # connection, a bug); the other feeds are still refreshed.
                logger.exception("feed %s: refresh raised", feed.pk)
                if isinstance(exc, DatabaseError) and not connection.in_atomic_block:
                    # Reconnect for the next feed if this connection is dead, as Celery
                    # does between tasks.
                    connection.close_if_unusable_or_obsolete()
                self.stdout.write(f"{feed.pk} {feed.name}: failed ({type(exc).__name__}: {exc})")
                failed += 1
                continue
            if run is None:
                self.stdout.write(f"{feed.pk} {feed.name}: skipped, another refresh holds the lock")
                continue
            if run.error:
                detail = run.error
            elif run.outcome == "unchanged":
                detail = "HTTP 304" if run.http_status == 304 else "same body as the last good run"
            else:
                detail = f"{run.items_seen} seen, {run.items_new} new, {run.items_held} held"
            self.stdout.write(f"{feed.pk} {feed.name}: {run.outcome} ({detail})")
            failed += run.outcome in ("failed", "rejected")
        if failed:
            raise CommandError(f"{failed} of {len(feeds)} feeds did not refresh")
