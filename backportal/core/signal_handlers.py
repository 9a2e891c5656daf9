"""Signal handlers of core: the page cache follows publishing and shared data.

Connected in CoreConfig.ready(); the handlers themselves live in page_cache.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache


def connect() -> None:
    page_published.connect(page_cache.renew_all, dispatch_uid="page_cache_published")
    page_unpublished.connect(
        page_cache.renew_all, dispatch_uid="page_cache_unpublished"
    )
    post_page_move.connect(page_cache.renew_all, dispatch_uid="page_cache_moved")
    # A page made private (or public again) changes what readers may see, and
    # which pages listings and teasers show: everything.
    m2m_changed.connect(
        page_cache.renew_all,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="page_cache_restriction_groups",
    )
    post_save.connect(page_cache.content_changed, dispatch_uid="page_cache_saved")
    post_delete.connect(page_cache.content_changed, dispatch_uid="page_cache_deleted")
