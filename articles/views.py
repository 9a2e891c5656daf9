"""Public views of the articles app that are not Wagtail pages."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import F, Q
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from backportal.core.seo import json_ld

from . import schema
from .models import ArticleFeedback, ArticlePage, Person

VOTED_SESSION_KEY = "articles_feedback_voted"
THANKS = "Danke für dein Feedback!"
# The thank-you is shown in the feedback section (articles/article_page.html):
# without JavaScript the redirect lands there with this query parameter.
THANKS_PARAMETER = "feedback=danke"


class FeedbackForm(forms.Form):
    """The yes/no answer to "War dieser Artikel hilfreich?"."""

    vote = forms.ChoiceField(choices=[("ja", "Ja"), ("nein", "Nein")])


def posted_from_this_site(request) -> bool:
    """Whether a browser sent the form from a page of this site.

    Browsers name the sending page's origin (Origin, Sec-Fetch-Site) on every
    form post; a request without either header comes from no browser page.
    Origins listed in CSRF_TRUSTED_ORIGINS count as this site, as for CSRF.
    """
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    this_site = f"{request.scheme}://{request.get_host()}"
    return origin in {this_site, *settings.CSRF_TRUSTED_ORIGINS}


# No CSRF token: the vote is anonymous and reveals nothing, so a forged vote
# is no worse than one sent directly, and without a per-reader token the
# article stays one page for everyone (page cache, CDN). Votes from other
# sites' pages are still refused by their origin.
@csrf_exempt
@require_POST
def feedback(request, page_id):
    """Count one anonymous vote per browser session; POST from this site only.

    Stores nothing about the reader; the session only remembers which articles
    this browser already voted on, so repeated clicks do not stack up. Answers
    static/js/feedback.js (Accept: application/json) with JSON, a plain form
    post with a redirect back to the feedback section. Two or three queries.
    """
    if not posted_from_this_site(request):
        return HttpResponseForbidden(
            "Abstimmen ist nur über die Seiten von Backportal möglich."
        )
    article = get_object_or_404(ArticlePage.objects.live().public(), pk=page_id)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte wähle „Ja“ oder „Nein“.")
        return redirect(article.url + "#feedback")
    voted = request.session.get(VOTED_SESSION_KEY, [])
    if article.pk not in voted:
        field = "helpful" if form.cleaned_data["vote"] == "ja" else "not_helpful"
        ArticleFeedback.objects.get_or_create(page=article)
        ArticleFeedback.objects.filter(page=article).update(**{field: F(field) + 1})
        request.session[VOTED_SESSION_KEY] = [*voted, article.pk]
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"message": THANKS})
    return redirect(f"{article.url}?{THANKS_PARAMETER}#feedback")


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
