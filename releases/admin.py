from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from prisoners.services import person_status_refresh
from releases.models import EventCount, Release, ReleaseEvent, Transfer
from sources.admin import CitationInlineBase
from sources.services import citation_required, record_unpublish
from tracker.admin_history import ReasonRequiredAdminMixin


class EventCitationInline(CitationInlineBase):
    fk_name = "event"


class ReleaseCitationInline(CitationInlineBase):
    fk_name = "release"


class TransferCitationInline(CitationInlineBase):
    fk_name = "transfer"


class EventCountCitationInline(CitationInlineBase):
    fk_name = "event_count"


class EventCountInline(admin.TabularInline):
    model = EventCount
    fields = ("metric", "country", "value", "qualifier", "source", "note")
    autocomplete_fields = ("country", "source")
    extra = 0
    show_change_link = True


class EventReleaseInline(admin.TabularInline):
    model = Release
    fields = ("person", "released_on", "kind", "outcome", "confidence")
    autocomplete_fields = ("person",)
    extra = 0
    show_change_link = True


class TransferInline(admin.TabularInline):
    model = Transfer
    fields = (
        "sequence",
        "from_country",
        "to_country",
        "date",
        "date_precision",
        "via",
        "forced",
        "confidence",
    )
    autocomplete_fields = ("from_country", "to_country")
    extra = 0


@admin.register(ReleaseEvent)
class ReleaseEventAdmin(ReasonRequiredAdminMixin, SimpleHistoryAdmin):
    list_display = ("date", "title", "kind", "country", "is_published")
    list_filter = ("kind", "country", "is_published")
    search_fields = ("title", "slug", "mediators", "context")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("country",)
    date_hierarchy = "date"
    inlines = (EventCountInline, EventReleaseInline, EventCitationInline)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        if event.is_published:
            try:
                citation_required(record=event)
            except ValidationError as error:
                event._change_reason = (
                    f"{form.cleaned_data['change_reason']} (kept unpublished: no citation)"[:100]
                )
                record_unpublish(record=event)
                messages.error(request, f"{error.messages[0]} The event was kept unpublished.")


@admin.register(Release)
class ReleaseAdmin(ReasonRequiredAdminMixin, SimpleHistoryAdmin):
    list_display = ("person", "released_on", "event", "kind", "outcome", "confidence")
    list_filter = ("kind", "outcome", "confidence", "event")
    search_fields = ("person__name", "person__names__text", "event__title")
    autocomplete_fields = ("person", "event", "detention")
    inlines = (TransferInline, ReleaseCitationInline)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person_status_refresh(person=form.instance.person)


@admin.register(EventCount)
class EventCountAdmin(ReasonRequiredAdminMixin, SimpleHistoryAdmin):
    list_display = ("event", "metric", "country", "qualifier", "value", "source")
    list_filter = ("metric", "source", "event")
    search_fields = ("event__title", "note")
    autocomplete_fields = ("event", "country", "source")
    inlines = (EventCountCitationInline,)


@admin.register(Transfer)
class TransferAdmin(ReasonRequiredAdminMixin, SimpleHistoryAdmin):
    list_display = ("release", "sequence", "from_country", "to_country", "date", "forced")
    list_filter = ("to_country", "forced")
    search_fields = ("release__person__name", "via")
    autocomplete_fields = ("release", "from_country", "to_country")
    inlines = (TransferCitationInline,)
