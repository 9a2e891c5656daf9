from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search (/suche/): results from the sources the apps register."""

    name = "backportal.search"
    verbose_name = "Suche"

    def ready(self):
        from . import registry

        registry.register_search_source("seiten", registry.live_pages)
