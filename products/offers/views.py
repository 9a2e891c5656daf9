"""Admin views of the offers app: "Jetzt aktualisieren" for one data source."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .models import DataSource
from .tasks import refresh_source_task


@require_http_methods(["GET", "POST"])
def refresh_now(request, pk):
    """Asks, then enqueues one refresh of the source (the worker runs it).
    Queries: one for the source, one insert into the task queue."""
    if not request.user.has_perm("offers.change_datasource"):
        raise PermissionDenied
    source = get_object_or_404(DataSource, pk=pk)
    index = reverse("wagtailsnippets_offers_datasource:list")
    if request.method == "POST":
        refresh_source_task.enqueue(source.pk, False)
        messages.success(
            request,
            f"Abruf von „{source.name}“ eingereiht; das Ergebnis steht gleich "
            "unter „Zustand“.",
        )
        return redirect(index)
    return TemplateResponse(
        request,
        "offers/refresh_confirm.html",
        {"source": source, "index_url": index},
    )


def price_history(request, product_id):
    """ "Preisverlauf" of one product: a step chart and the table of changes
    (one row per change). Three queries."""
    from products.models import Product

    from .history import product_history

    if not request.user.has_perm("products.view_product"):
        raise PermissionDenied
    product = get_object_or_404(Product, pk=product_id)
    return TemplateResponse(
        request,
        "offers/price_history.html",
        {
            "product": product,
            "edit_url": reverse(
                "wagtailsnippets_products_product:edit", args=[product.pk]
            ),
            **product_history(product),
        },
    )
