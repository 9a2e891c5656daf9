"""Public views of the articles app that are not Wagtail pages."""

import hmac
import logging
from hashlib import sha256

from django import forms
from django.core.cache import cache
from django.db.models import F, Q
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from backportal.core.guards import client_address, posted_from_this_site
from backportal.core.seo import json_ld
from products.clicks.days import berlin_day, day_bounds
from products.clicks.services import daily_salt

from . import schema
from .models import ArticleFeedback, ArticlePage, Person

logger = logging.getLogger(__name__)

# Query parameter of the article URL a vote returns to; the article shows the
# matching notice (its page and fragment caches skip URLs with a query string).
NOTICE_PARAMETER = "feedback"
THANKS = "Danke für dein Feedback!"
INVALID = "Bitte wähle „Ja“ oder „Nein“."


class FeedbackForm(forms.Form):
    """The yes/no answer to "War dieser Artikel hilfreich?"."""

    vote = forms.ChoiceField(choices=[("ja", "Ja"), ("nein", "Nein")])


def first_vote_today(request, article) -> bool:
    """Whether this visitor has not voted on `article` today; remembers that they have.

    The visitor is a salted daily hash of address, User-Agent and article
    (the daily salt of click counting, deleted the next day), kept in the
    cache until the day ends: no cookie, no session, no row. One round trip
    (cache.add); a failing cache counts the vote (fails open).
    """
    now = timezone.now()
    day = berlin_day(now)
    message = "\n".join(
        [
            client_address(request),
            request.headers.get("User-Agent", "")[:512],
            str(article.pk),
        ]
    ).encode("utf-8", "surrogatepass")
    digest = hmac.new(daily_salt(day), message, sha256).hexdigest()[:32]
    seconds_left = (day_bounds(day)[1] - now).total_seconds()
    try:
        added = cache.add(f"vote:{day}:{digest}", 1, timeout=int(seconds_left) + 1)
    except Exception:  # noqa: BLE001 - a cache outage must not lose the vote
        added = None
    if added is None:  # raised, or swallowed by django-redis IGNORE_EXCEPTIONS
        logger.warning("Vote on %s counted unchecked: cache unavailable", article.pk)
        return True
    return added


# No CSRF token: the vote is anonymous and reveals nothing, so a forged vote
# is no worse than one sent directly, and without a per-reader token the
# article stays one page for everyone (page cache, CDN). Votes from other
# sites' pages and from no page at all are refused by their origin headers.
@csrf_exempt
@require_POST
def feedback(request, page_id):
    """Count one anonymous vote per visitor, article and day; POST from this site only.

    Creates no session and sets no cookie. static/js/feedback.js asks for JSON
    and shows the answer in place; a plain form post is redirected to the
    article URL with a notice for the feedback section. Queries: the article,
    the salt (once per worker and day), and get_or_create + update of the counts.
    """
    if not posted_from_this_site(request):
        return HttpResponseForbidden(
            "Abstimmen ist nur über die Seiten von Backportal möglich."
        )
    article = get_object_or_404(ArticlePage.objects.live().public(), pk=page_id)
    form = FeedbackForm(request.POST)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"message": INVALID}, status=400)
        return redirect(f"{article.url}?{NOTICE_PARAMETER}=ungueltig#feedback")
    if first_vote_today(request, article):
        field = "helpful" if form.cleaned_data["vote"] == "ja" else "not_helpful"
        ArticleFeedback.objects.get_or_create(page=article)
        ArticleFeedback.objects.filter(page=article).update(**{field: F(field) + 1})
    if wants_json:
        return JsonResponse({"message": THANKS})
    return redirect(f"{article.url}?{NOTICE_PARAMETER}=danke#feedback")


def person_detail(request, slug):
    """Public profile of an author or reviewer, with their articles."""
    person = get_object_or_404(Person.objects.select_related("photo"), slug=slug)
    articles = (
        ArticlePage.objects.live()
        .public()
        .filter(Q(author=person) | Q(reviewer=person))
        .for_teasers()
        .order_by("-first_published_at")
    )
    image_url = None
    if person.photo:
        rendition = person.photo.get_rendition("fill-400x400|format-jpeg")
        image_url = request.build_absolute_uri(rendition.url)
    return render(
        request,
        "articles/person_detail.html",
        {
            "person": person,
            "articles": articles,
            "json_ld": json_ld(*schema.profile_nodes(person, request, image_url)),
        },
    )


def person_list(request):
    """All authors and reviewers."""
    return render(
        request,
        "articles/person_list.html",
        {"people": Person.objects.select_related("photo")},
    )
