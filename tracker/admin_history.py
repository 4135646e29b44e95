"""Every edit in the admin says why.

django-simple-history already records who changed a row and when (its
``HistoryRequestMiddleware`` remembers the user of the request). What it cannot know is
the *reason*: "Viasna corrected the release date", "name withheld at the family's
request". ``ReasonRequiredAdminMixin`` adds a required "reason for this change" field to
the add and change forms, and to the delete confirmation, and hands the text to
simple-history through the ``_change_reason`` attribute it reads before writing a
history row. Rows saved through the form's inlines (names, detentions, releases,
transfers, citations) carry the same reason. The bulk "delete selected" action is
removed, because it has nowhere to ask for one.

The history page of each record (the "History" button) lists every version with its
user, time and reason.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect

REASON_FIELD = "change_reason"
# simple-history stores the reason in a CharField(max_length=100) by default.
REASON_MAX_LENGTH = 100


class ChangeReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="Reason for this change",
        max_length=REASON_MAX_LENGTH,
        required=True,
        strip=True,
        help_text="Recorded in the history with your name and the time, e.g. "
        "“Viasna list of 13 Dec 2025” or “name withheld at the family’s request”.",
        widget=forms.TextInput(attrs={"size": 80}),
    )


class ReasonRequiredAdminMixin:
    """Put before ``SimpleHistoryAdmin`` in the bases of a ModelAdmin."""

    form = ChangeReasonForm
    delete_confirmation_template = "admin/delete_confirmation_with_reason.html"

    def _may_edit(self, request, obj) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [f for f in options.get("fields", ()) if f != REASON_FIELD]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        if self._may_edit(request, obj):
            fieldsets.append(("Reason for this change", {"fields": [REASON_FIELD]}))
        return fieldsets

    def get_actions(self, request):
        actions = super().get_actions(request)
        # A bulk delete would leave history rows without a reason.
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data[REASON_FIELD]
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data[REASON_FIELD]
        for inline_form in formset.forms:
            # Saved and deleted inline rows alike: deletions are history rows too.
            inline_form.instance._change_reason = reason
            inline_form.instance._history_user = request.user
        super().save_formset(request, form, formset, change)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST":
            reason = request.POST.get(REASON_FIELD, "").strip()[:REASON_MAX_LENGTH]
            if not reason:
                messages.error(request, "Give a reason for deleting this record.")
                return HttpResponseRedirect(request.get_full_path())
            request._change_reason = reason
        context = {
            **(extra_context or {}),
            "reason_field": REASON_FIELD,
            "reason_max_length": REASON_MAX_LENGTH,
        }
        return super().delete_view(request, object_id, context)

    def delete_model(self, request, obj):
        obj._change_reason = getattr(request, "_change_reason", None)
        obj._history_user = request.user
        super().delete_model(request, obj)
