from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from prisoners.models import Charge, Country, Detention, Person, PersonName, Sentence, Tag
from prisoners.services import person_status_refresh
from releases.models import Release
from sources.admin import CitationInlineBase
from sources.services import citation_required, record_unpublish
from tracker.admin_history import ReasonRequiredAdminMixin


class PersonCitationInline(CitationInlineBase):
    fk_name = "person"


class PersonNameInline(admin.TabularInline):
    model = PersonName
    fields = ("text", "language", "kind", "key")
    readonly_fields = ("key",)
    extra = 1


class DetentionInline(admin.TabularInline):
    model = Detention
    fields = ("detained_on", "detained_on_precision", "place", "facility", "ended_on", "end_reason")
    extra = 0
    show_change_link = True


class ReleaseInline(admin.TabularInline):
    model = Release
    fk_name = "person"
    fields = (
        "released_on",
        "released_on_precision",
        "event",
        "detention",
        "kind",
        "outcome",
        "confidence",
    )
    autocomplete_fields = ("event",)
    extra = 0
    show_change_link = True


@admin.register(Person)
class PersonAdmin(ReasonRequiredAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "status", "is_published", "name_withheld", "updated_at")
    list_filter = ("status", "is_published", "name_withheld", "gender", "tags", "citizenships")
    search_fields = ("name", "slug", "names__text", "names__key")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("tags", "citizenships")
    readonly_fields = ("status", "created_at", "updated_at")
    inlines = (PersonNameInline, DetentionInline, ReleaseInline, PersonCitationInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "name_withheld", "is_published", "status")}),
        (
            "About",
            {
                "fields": (
                    "gender",
                    ("birth_date", "birth_date_precision"),
                    "citizenships",
                    "occupation",
                    "tags",
                    "bio",
                )
            },
        ),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person = form.instance
        # Inlines are saved after the person, so the citation rule is checked here.
        if person.is_published:
            try:
                citation_required(record=person)
            except ValidationError as error:
                person._change_reason = (
                    f"{form.cleaned_data['change_reason']} (kept unpublished: no citation)"[:100]
                )
                record_unpublish(record=person)
                messages.error(request, f"{error.messages[0]} The record was kept unpublished.")
        person_status_refresh(person=person)


class SentenceInline(admin.TabularInline):
    model = Sentence
    fields = ("sentenced_on", "sentenced_on_precision", "months", "regime", "court", "note")
    extra = 0


class ChargeInline(admin.TabularInline):
    model = Charge
    extra = 0


class DetentionCitationInline(CitationInlineBase):
    fk_name = "detention"


@admin.register(Detention)
class DetentionAdmin(ReasonRequiredAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "person",
        "detained_on",
        "detained_on_precision",
        "facility",
        "ended_on",
        "end_reason",
    )
    list_filter = ("end_reason", "detained_on_precision")
    search_fields = ("person__name", "person__names__text", "place", "facility", "court")
    autocomplete_fields = ("person", "recognised_by")
    inlines = (ChargeInline, SentenceInline, DetentionCitationInline)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person_status_refresh(person=form.instance.person)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("label", "slug")
    search_fields = ("label", "slug")
    prepopulated_fields = {"slug": ("label",)}
