from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search (/suche/): results from the sources the apps register
    (articles, products) through backportal.search.registry."""

    name = "backportal.search"
    verbose_name = "Suche"
