"""Wagtail's publish_scheduled, once at a time across all servers.

Overrides wagtail's command of the same name (backportal.core comes first in
INSTALLED_APPS): two servers running the same timer would otherwise publish
the same scheduled revision twice.
"""

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from backportal.core.scheduled import runs_alone


class Command(WagtailCommand):
    """Publishes and unpublishes what is due, holding the job lock."""

    @runs_alone
    def handle(self, *args, **options):
        return super().handle(*args, **options)
