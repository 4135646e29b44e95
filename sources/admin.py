from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from sources.adapters import REGISTRY
from sources.feeds import feed_config_validate, feed_health, feed_item_apply, feed_item_reject
from sources.models import (
    FEED_URL_MAX_LENGTH,
    Citation,
    Document,
    Feed,
    FeedItem,
    FeedRun,
    Metric,
    Observation,
    Source,
)
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
class CitationAdmin(ReasonRequiredAdminMixin, SimpleHistoryAdmin):
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


class FeedAdminForm(forms.ModelForm):
    """Checks the config against the chosen adapter; the error names the key."""

    adapter = forms.ChoiceField(choices=[(name, name) for name in REGISTRY])
    url = forms.URLField(max_length=FEED_URL_MAX_LENGTH, assume_scheme="https")

    class Meta:
        model = Feed
        fields = (
            "name",
            "source",
            "url",
            "adapter",
            "config",
            "interval",
            "enabled",
            "next_run_at",
        )
        help_texts = {"config": "JSON object; the keys each adapter takes are in docs/feeds.md."}

    def clean(self):
        cleaned = super().clean()
        if "adapter" in cleaned and "config" in cleaned:
            try:
                cleaned["config"] = feed_config_validate(
                    adapter=cleaned["adapter"], config=cleaned["config"]
                )
            except ValidationError as exc:
                self.add_error("config", exc)
        return cleaned


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    form = FeedAdminForm
    list_display = (
        "name",
        "source",
        "adapter",
        "enabled",
        "health",
        "last_success_at",
        "last_failure_at",
        "failures",
        "next_run_at",
        "short_error",
    )
    list_filter = ("adapter", "enabled", "source")
    search_fields = ("name", "url")
    autocomplete_fields = ("source",)
    readonly_fields = (
        "health",
        "last_success_at",
        "last_failure_at",
        "failures",
        "last_error",
        "etag",
        "last_modified",
        "last_content_sha256",
        "created_at",
        "runs_link",
    )
    fieldsets = (
        (None, {"fields": ("name", "source", "url", "adapter", "config", "interval", "enabled")}),
        (
            "Health",
            {
                "fields": (
                    "health",
                    "last_success_at",
                    "last_failure_at",
                    "failures",
                    "last_error",
                    "next_run_at",
                    "runs_link",
                )
            },
        ),
        (
            "HTTP validators",
            {"classes": ("collapse",), "fields": ("etag", "last_modified", "last_content_sha256")},
        ),
    )
    actions = ("refresh_now",)

    @admin.display(description="health")
    def health(self, feed: Feed) -> str:
        health = feed_health(feed)
        if health["status"] == "stale":
            return f"stale since {health['stale_at']:%Y-%m-%d %H:%M}"
        return health["status"]

    @admin.display(description="last error")
    def short_error(self, feed: Feed) -> str:
        return Truncator(feed.last_error).chars(80)

    @admin.display(description="runs")
    def runs_link(self, feed: Feed) -> str:
        if feed.pk is None:
            return "-"
        url = reverse("admin:sources_feedrun_changelist") + f"?feed__id__exact={feed.pk}"
        return format_html('<a href="{}">all runs of this feed</a>', url)

    @admin.action(description="Refresh the selected feeds now", permissions=["change"])
    def refresh_now(self, request, queryset) -> None:
        from sources.tasks import refresh_feed

        for feed in queryset:
            refresh_feed.delay(feed.pk)
        self.message_user(request, f"{queryset.count()} feed(s) queued for a refresh.")


@admin.register(FeedRun)
class FeedRunAdmin(admin.ModelAdmin):
    list_display = (
        "feed",
        "started_at",
        "outcome",
        "http_status",
        "bytes",
        "items_seen",
        "items_new",
        "items_held",
        "short_error",
    )
    list_filter = ("outcome", "feed")
    readonly_fields = [f.name for f in FeedRun._meta.fields]
    date_hierarchy = "started_at"

    @admin.display(description="error")
    def short_error(self, run: FeedRun) -> str:
        return Truncator(run.error).chars(80)

    # Runs are a record of what happened: nobody adds or edits one by hand.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin):
    """The review queue of roster rows: apply (create or complete the records, cited to
    the feed's document, nothing published) or reject."""

    list_display = (
        "external_id",
        "row_name",
        "feed",
        "status",
        "person",
        "match_score",
        "note",
        "created_at",
    )
    list_filter = ("status", "feed")
    search_fields = ("external_id", "person__name")
    raw_id_fields = ("person",)
    readonly_fields = (
        "feed",
        "feed_run",
        "external_id",
        "payload",
        "status",
        "reviewed_at",
        "reviewed_by",
        "created_at",
    )
    actions = ("apply_items", "reject_items")

    @admin.display(description="name in the row")
    def row_name(self, item: FeedItem) -> str:
        column = item.feed.config.get("columns", {}).get("name", "name")
        return item.payload.get(column, "") if isinstance(item.payload, dict) else ""

    def has_add_permission(self, request) -> bool:
        return False

    def _review(self, request, queryset, action, verb: str) -> None:
        done, errors = 0, []
        for item in queryset.select_related("feed"):
            try:
                action(item=item, user=request.user)
                done += 1
            except ValidationError as exc:
                errors.append("; ".join(exc.messages))
        if done:
            self.message_user(request, f"{done} item(s) {verb}.", messages.SUCCESS)
        for error in errors:
            self.message_user(request, error, messages.ERROR)

    @admin.action(
        description="Apply: create or update the person, release and transfer (unpublished)",
        permissions=["change"],
    )
    def apply_items(self, request, queryset) -> None:
        self._review(request, queryset, feed_item_apply, "applied")

    @admin.action(description="Reject the selected items", permissions=["change"])
    def reject_items(self, request, queryset) -> None:
        self._review(request, queryset, feed_item_reject, "rejected")
