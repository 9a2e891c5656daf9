"""Wagtail hooks of the site-wide app: the page cache learns which page answers."""

from wagtail import hooks

from . import page_cache


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    page_cache.mark_cacheable(page, request)
