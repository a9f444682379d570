"""Paging a queryset in one query: the page's rows carry the count of every row."""

from django.core.paginator import Paginator
from django.db.models import Count, Window

TOTAL = "paginator_total"


class CountedPaginator(Paginator):
    """A Paginator whose page reads its rows and the count of all rows in one query (`COUNT(*) OVER ()`).

    Paginator counts first, then reads the page: for a search that is two passes over every match (for a
    name, trigram similarity on each). Here the count comes with the page's rows; only when the page asked
    for has no rows (nothing matches, or it is past the end) does it count apart, as Paginator does, and
    give the page Paginator would (the last one). Pages are `per_page` long, without orphans.
    """

    def get_page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        if wanted >= 1:
            bottom = (wanted - 1) * self.per_page
            rows = list(self.object_list.annotate(**{TOTAL: Window(Count("*"))})[bottom:bottom + self.per_page])
            if rows:
                self.count = getattr(rows[0], TOTAL)  # Paginator.count is a cached property: no COUNT query
                return self._get_page(rows, wanted, self)
        return super().get_page(number)
