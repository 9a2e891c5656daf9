"""Admin wiring: warn about findings whenever a page or snippet is saved."""

from wagtail import hooks

from .notices import warn_about_findings

hooks.register("after_create_page", warn_about_findings)
hooks.register("after_edit_page", warn_about_findings)
hooks.register("after_create_snippet", warn_about_findings)
hooks.register("after_edit_snippet", warn_about_findings)
