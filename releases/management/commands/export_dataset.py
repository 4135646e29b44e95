"""``manage.py export_dataset DIR``: every record and citation as CSV files and one JSON file.

The folder is confidential: it holds unpublished records and withheld names (see
releases/dataset.py). ``import_dataset DIR`` restores it into an empty database.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from releases.dataset import DatasetError, dataset_export
from releases.progress import no_progress, progress_for


class Command(BaseCommand):
    help = (
        "Export the whole dataset (a CSV file per table and dataset.json) into a new folder. "
        "The export includes unpublished and withheld records: keep it private."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder that does not exist yet, or is empty")

    def handle(self, *args, **options) -> None:
        folder = Path(options["folder"])
        progress = progress_for(self.stdout)
        try:
            summary = dataset_export(folder=folder, progress=progress or no_progress)
        except DatasetError as error:
            raise CommandError(str(error)) from None
        finally:
            if progress:
                progress.clear()
        self.stdout.write(summary.line("exported", folder))
