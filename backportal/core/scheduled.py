"""Scheduled management commands run once at a time across all servers.

`@runs_alone` wraps a command's handle() in core.jobs.job_lock, named after the
command: when two servers (or two timers) start the same job, the second finds
the lock taken, says so and skips this round. One advisory-lock query each
way on PostgreSQL.
"""

import functools

from .jobs import job_lock


def runs_alone(handle):
    """Decorator for BaseCommand.handle: skip the run while another holds its lock."""

    @functools.wraps(handle)
    def wrapper(self, *args, **options):
        name = self.__module__.rsplit(".", 1)[-1]
        with job_lock(f"command:{name}") as acquired:
            if not acquired:
                self.stdout.write(
                    f"{name} läuft gerade anderswo; dieser Lauf wird übersprungen."
                )
                return None
            return handle(self, *args, **options)

    wrapper.runs_alone = True  # deploy files' test: such a command needs a timer
    return wrapper
