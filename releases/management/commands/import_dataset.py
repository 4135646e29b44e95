"""``manage.py import_dataset DIR``: restore a folder made by ``export_dataset``.

Only into an empty (freshly migrated) database, in one transaction.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from releases.dataset import DatasetError, dataset_import
from releases.progress import no_progress, progress_for


class Command(BaseCommand):
    help = "Restore a folder made by export_dataset into an empty database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder made by export_dataset")

    def handle(self, *args, **options) -> None:
        folder = Path(options["folder"])
        progress = progress_for(self.stdout)
        try:
            summary = dataset_import(folder=folder, progress=progress or no_progress)
        except DatasetError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(
                f"the database refused the dataset, nothing was restored: {error}"
            ) from None
        finally:
            if progress:
                progress.clear()
        self.stdout.write(summary.line("imported", folder))
