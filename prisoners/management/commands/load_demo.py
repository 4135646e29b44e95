"""``manage.py load_demo``: the Belarus 2024–2026 demo dataset (see prisoners/demo.py)."""

from django.core.management.base import BaseCommand

from prisoners.demo import load_demo


class Command(BaseCommand):
    help = "Create or update the demo dataset from the facts file; safe to run repeatedly."

    def handle(self, *args, **options) -> None:
        counts = load_demo()
        if options["verbosity"] >= 1:
            self.stdout.write(summary(counts))


def summary(counts: dict[str, int]) -> str:
    return (
        f"demo data: {counts['people']} people ({counts['withheld']} withheld), "
        f"{counts['events']} events, {counts['releases']} releases, "
        f"{counts['transfers']} transfers, {counts['event_counts']} event counts, "
        f"{counts['observations']} observations, {counts['sources']} sources, "
        f"{counts['documents']} documents, {counts['citations']} citations; "
        f"{counts['created']} rows created"
    )
