from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search (/suche/): results from the sources the apps register
    (articles, products) through backportal.search.registry."""

    name = "backportal.search"
    verbose_name = "Suche"

    def ready(self):
        """Build the search index as the demo's last step (demo.py)."""
        from backportal.core import registry

        from . import demo

        registry.register_demo_step(99, "search_index", demo.build_index)
