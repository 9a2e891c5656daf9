"""The last demo step: the search index, built now rather than by the worker.

Every save during `load_demo` queues an index update on the task worker; with
the database backend a fresh demo would find nothing until the worker has
worked through them all. Building the index here (Wagtail's update_index,
a few seconds for the demo) lets search answer at once; the queued updates
then only repeat what is already there.
"""

import io

from django.core.management import call_command


def build_index(stdout) -> None:
    call_command("update_index", stdout=io.StringIO())
    stdout.write("Suchindex ist aufgebaut.")
