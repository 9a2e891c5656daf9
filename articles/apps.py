from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """The editorial side: articles, topics, authors, sources, feedback."""

    name = "articles"
    verbose_name = _("Artikel")

    def ready(self):
        """Contribute the articles' parts to the site-wide features of core."""
        from backportal.core import page_cache, registry

        from . import demo, home, roles, sitemaps

        registry.register_home_context(home.home_context)
        registry.register_teaser_page_type("articles.ArticlePage")
        registry.register_sitemap("autoren", sitemaps.PersonSitemap)
        registry.register_role_app("articles", registry.AppRole.CONTENT)
        registry.register_read_only_model("articlefeedback")
        registry.register_role_setup(roles.setup_review_workflow)
        registry.register_demo_step(20, "articles", demo.load_after_core)
        registry.register_demo_step(35, "articles_products", demo.place_product_lists)
        registry.register_demo_step(95, "articles_logins", demo.link_logins)
        # Topics for the revenue app's Amazon tracking IDs and topic reports.
        from products.revenue.registry import register_topics

        from .revenue_topics import pages_of_topics, topic_choices, topics_of_pages

        register_topics(
            choices=topic_choices,
            pages_of_topics=pages_of_topics,
            topics_of_pages=topics_of_pages,
        )
        # What article pages show beyond their own content: a change renews
        # every cached page.
        page_cache.register_shared_models(
            "articles.Person", "articles.Topic", "articles.Source", "taggit.Tag"
        )
        # Site search lists articles (paged), never the home or legal pages.
        from backportal.search.registry import SearchSource, register_search_source

        from .search import search_articles

        register_search_source(
            SearchSource(
                name="artikel",
                heading="Artikel",
                find=search_articles,
                template="search/article_result.html",
                paginate=True,
            )
        )
