"""manage.py rebuild_search_index: make the search index from the public content."""

import time

from django.core.management.base import BaseCommand

from portfolio.search import index


class Command(BaseCommand):
    help = (
        "Make the search index again from every public entry. The search does it by "
        "itself, before the first search after any change; run this after a deploy or "
        "a bulk import so that no visitor's search waits for it."
    )

    def handle(self, *args, **options):
        start = time.perf_counter()
        count = index.rebuild()
        self.stdout.write(
            f"Indexed {count} public entr{'y' if count == 1 else 'ies'} "
            f"in {time.perf_counter() - start:.1f} s."
        )
