"""``manage.py import_records FILE.csv [--dry-run]``: researchers' spreadsheets.

The template and its columns: docs/import.md. Every row is checked first; if any is
wrong, every problem is listed by row and column and nothing is written.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from releases.importing import ImportRejected, records_import
from releases.progress import no_progress, progress_for


class Command(BaseCommand):
    help = (
        "Import people, releases, transfers and citations from a CSV file made from "
        "docs/import-template.csv. All rows or none; re-importing changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8 (a BOM is fine)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, then write nothing"
        )
        parser.add_argument(
            "--encoding", help="the file's encoding if not UTF-8, e.g. windows-1251"
        )
        parser.add_argument(
            "--reason", help="reason recorded in the history (default: the file's name)"
        )
        parser.add_argument("--user", help="username recorded in the history as the editor")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        user = None
        if options["user"]:
            user_model = get_user_model()
            try:
                user = user_model.objects.get(**{user_model.USERNAME_FIELD: options["user"]})
            except user_model.DoesNotExist:
                raise CommandError(f"no user named {options['user']!r}") from None
        progress = progress_for(self.stdout)
        try:
            summary = records_import(
                data=data,
                name=path.name,
                encoding=options["encoding"],
                dry_run=options["dry_run"],
                reason=options["reason"],
                user=user,
                progress=progress or no_progress,
            )
        except ImportRejected as rejected:
            if progress:
                progress.clear()
            count = len(rejected.errors)
            raise CommandError(
                f"{path.name}: {count} problem{'s' if count != 1 else ''}, nothing was written:\n"
                + "\n".join(rejected.errors)
            ) from None
        if progress:
            progress.clear()
        self.stdout.write(summary.line(path.name))
