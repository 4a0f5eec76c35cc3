"""A paginator for admin lists over tables of millions of rows.

Django's paginator runs COUNT(*) over the whole filtered list on every page, which reads every
row: seconds on a million notes. This one counts exactly up to a cap, which costs little, and
beyond the cap takes PostgreSQL's own estimate of the number of rows (EXPLAIN), so that a page
stays fast whatever the size of the table. Past the cap, the count shown is approximate.

Deep pages are fetched in two steps within one query: the primary keys of the page first,
which only walks an index, then the full rows of those keys alone. Otherwise PostgreSQL would
compute every column of every row it skips (previews, lengths, counts), thousands of them.
"""

import json

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

# Lists up to this size are counted exactly: 100 pages of 100 rows.
EXACT_COUNT_CAP = 10_000


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        # Only the primary key: the list's annotations (counts, previews) would be computed
        # for every row counted.
        queryset = self.object_list.order_by().values("pk")
        exact = queryset[: EXACT_COUNT_CAP + 1].count()
        if exact <= EXACT_COUNT_CAP:
            return exact
        estimate = json.loads(queryset.explain(format="json"))[0]["Plan"]["Plan Rows"]
        return max(int(estimate), exact)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom == 0 or self.object_list.query.distinct:
            return super().page(number)
        top = bottom + self.per_page
        page_keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=page_keys), number, self)
