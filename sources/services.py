"""The citation rule: nothing is published without at least one citation."""

from django.core.exceptions import ValidationError
from django.db import models, transaction


def citation_required(*, record: models.Model) -> None:
    """Raise ValidationError unless the record has a citation of its own.

    Every publishable model exposes its citations as ``.citations``; this is the one place
    that decides whether a record may go public, used by the admin, imports and services.
    """
    if record.pk is None or not record.citations.exists():
        raise ValidationError(
            f"{record._meta.verbose_name} “{record}” has no citation: cite a document "
            "before publishing it."
        )


@transaction.atomic
def record_publish(*, record: models.Model) -> None:
    """Publish a person or a release event, enforcing the citation rule."""
    citation_required(record=record)
    record.is_published = True
    # save(), not update(): the change must reach the history with its user and reason.
    record.save(update_fields=["is_published", "updated_at"])


@transaction.atomic
def record_unpublish(*, record: models.Model) -> None:
    record.is_published = False
    record.save(update_fields=["is_published", "updated_at"])
