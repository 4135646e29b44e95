from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Citation, Document, Feed, FeedItem, FeedRun, Metric, Observation, Source
from tracker.admin_history import ReasonRequiredAdminMixin


class CitationInlineBase(admin.TabularInline):
    """Citations of one claim; subclasses set ``fk_name`` to the claim they cite."""

    model = Citation
    fields = ("document", "field", "quote", "confidence")
    autocomplete_fields = ("document",)
    extra = 0


class ObservationCitationInline(CitationInlineBase):
    fk_name = "observation"


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "url")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "published_on", "url")
    list_filter = ("source", "language")
    search_fields = ("title", "url", "publisher")
    autocomplete_fields = ("source",)
    date_hierarchy = "published_on"


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "field", "confidence")
    list_filter = ("confidence", "document__source")
    search_fields = ("quote", "document__title", "person__name")
    autocomplete_fields = ("document", "person", "event")
    raw_id_fields = ("detention", "sentence", "release", "transfer", "event_count", "observation")


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ("slug", "label")
    search_fields = ("slug", "label")


@admin.register(Observation)
class ObservationAdmin(ReasonRequiredAdminMixin, SimpleHistoryAdmin):
    list_display = ("metric", "source", "value", "qualifier", "as_of", "status")
    list_filter = ("status", "metric", "source")
    search_fields = ("metric__slug", "source__name", "note")
    autocomplete_fields = ("metric", "source", "document")
    date_hierarchy = "as_of"
    inlines = (ObservationCitationInline,)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ("name", "source", "adapter", "enabled", "last_success_at", "last_failure_at", "failures")
    list_filter = ("adapter", "enabled", "source")
    search_fields = ("name", "url")
    autocomplete_fields = ("source",)


@admin.register(FeedRun)
class FeedRunAdmin(admin.ModelAdmin):
    list_display = ("feed", "started_at", "outcome", "http_status", "items_seen", "items_new")
    list_filter = ("outcome", "feed")
    readonly_fields = [f.name for f in FeedRun._meta.fields]


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin):
    list_display = ("external_id", "feed", "status", "person", "match_score", "created_at")
    list_filter = ("status", "feed")
    search_fields = ("external_id",)
    raw_id_fields = ("person", "feed_run")
