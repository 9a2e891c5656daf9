from django.urls import path, re_path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("autoren/", views.person_list, name="people"),
    path("autoren/<slug:slug>/", views.person_detail, name="person"),
    # At most 18 digits: a larger id is no page (404), never an integer overflow.
    re_path(
        r"^artikel-feedback/(?P<page_id>[0-9]{1,18})/$",
        views.feedback,
        name="feedback",
    ),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
]
