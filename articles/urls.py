from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("autoren/", views.person_list, name="people"),
    path("autoren/<slug:slug>/", views.person_detail, name="person"),
    path("artikel-feedback/<int:page_id>/", views.feedback, name="feedback"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
]
