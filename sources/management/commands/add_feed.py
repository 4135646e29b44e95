"""``manage.py add_feed``: register a feed from the command line; prints its id."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sources.adapters import REGISTRY
from sources.feeds import feed_create
from sources.models import Source


class Command(BaseCommand):
    help = "Add a feed. The configuration is checked as in the admin (see docs/feeds.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", required=True, help="Slug of an existing source.")
        parser.add_argument("--adapter", required=True, choices=sorted(REGISTRY))
        parser.add_argument("--url", required=True)
        parser.add_argument(
            "--config", required=True, help='JSON object, e.g. \'{"metric": "...", ...}\'.'
        )
        parser.add_argument(
            "--interval", type=int, default=60, help="Minutes between refreshes (default 60)."
        )
        parser.add_argument(
            "--name", default="", help="Display name (default: source and adapter)."
        )
        parser.add_argument("--disabled", action="store_true", help="Add it switched off.")

    def handle(self, *args, **options) -> None:
        source = Source.objects.filter(slug=options["source"]).first()
        if source is None:
            raise CommandError(f"no source with slug {options['source']!r}")
        try:
            config = json.loads(options["config"])
        except json.JSONDecodeError as exc:
            raise CommandError(f"--config is not JSON: {exc}") from None
        try:
            feed = feed_create(
                source=source,
                url=options["url"],
                adapter=options["adapter"],
                config=config,
                interval=options["interval"],
                name=options["name"],
                enabled=not options["disabled"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(str(feed.pk))
