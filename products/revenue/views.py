"""Admin views of revenue: "Provisionen importieren" (upload) and unmatched rows."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .imports import FORMATS, MAX_FILE_BYTES, CommissionImportError, import_commissions
from .models import Transaction

IMPORT_PERMISSION = "revenue.add_transaction"


def can_import(user) -> bool:
    return user.has_perm(IMPORT_PERMISSION)


class ImportCommissionsForm(forms.Form):
    network_format = forms.ChoiceField(label="Format", choices=list(FORMATS.items()))
    file = forms.FileField(
        label="Bericht (CSV, UTF-8)",
        help_text=f"Höchstens {MAX_FILE_BYTES // (1024 * 1024)} MB.",
    )
    dry_run = forms.BooleanField(
        label="Nur prüfen (Probelauf, nichts speichern)", required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("Die Datei ist größer als 5 MB.")
        return upload


class ImportCommissionsView(WagtailAdminTemplateMixin, FormView):
    """ "Provisionen importieren": a report file in; German errors by line, or a summary.

    Costs a handful of queries per file plus one write per new or changed row.
    """

    form_class = ImportCommissionsForm
    template_name = "revenue/import_commissions.html"
    page_title = "Provisionen importieren"
    header_icon = "upload"
    success_url = reverse_lazy("revenue:import")

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": "", "label": "Provisionen importieren"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse("revenue:import")
        context["submit_button_label"] = "Importieren"
        context["submit_button_active_label"] = "Importiere …"
        context["unmatched"] = Transaction.objects.filter(matched_by="").order_by(
            "-day", "-pk"
        )[:50]
        return context

    def form_valid(self, form):
        try:
            report = import_commissions(
                form.cleaned_data["file"].read(),
                form.cleaned_data["network_format"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except CommissionImportError as error:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=error.messages())
            )
        if report.dry_run:
            return self.render_to_response(
                self.get_context_data(form=form, report=report)
            )
        messages.success(self.request, report.summary())
        return redirect(self.get_success_url())
