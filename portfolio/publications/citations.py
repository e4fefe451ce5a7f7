"""The owner's citation figures, computed here from the stored citation counts
(``CitationSnapshot``), and the bar chart of their citations per year.

Definitions, over the public publications that have a count, each work counted
once (two entries of the site that the source holds as one work, a preprint and
its paper say, count once):

- total: the sum of the works' citations;
- h-index: the largest h such that h works are each cited at least h times;
- i10-index: the number of works cited at least ten times;
- citations per year: the sum, year by year, of the citations the source dates.

No page fetches anything: the figures are as fresh as ``refresh_citations`` made them.
"""

from dataclasses import dataclass
from datetime import datetime

from .models import CitationSnapshot, Publication

# The years the chart shows at most: the last ones. OpenAlex dates about ten.
CHART_YEARS = 12


def h_index(counts) -> int:
    """The largest h such that h of the counts are at least h each."""
    ranked = sorted(counts, reverse=True)
    return sum(1 for rank, count in enumerate(ranked, start=1) if count >= rank)


def i10_index(counts) -> int:
    """How many of the counts are at least ten."""
    return sum(1 for count in counts if count >= 10)


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def label_y(self) -> float:
        """Where its figure stands: just above it."""
        return round(self.y - 4, 1)

    @property
    def short_year(self) -> str:
        """The year, as ’19 where a dozen bars share the width."""
        return str(self.year) if self.width >= 24 else f"’{self.year % 100:02d}"


@dataclass(frozen=True)
class Chart:
    """A bar chart in SVG user units: ``width`` by ``height``, the bars' tops
    ``top`` below the top edge at the most, their feet on ``base``."""

    bars: list[Bar]
    width: int = 360
    height: int = 150
    top: int = 16
    base: int = 128

    @property
    def year_y(self) -> int:
        """The baseline of the years under the bars."""
        return self.height - 4

    @property
    def first_year(self) -> int:
        return self.bars[0].year

    @property
    def last_year(self) -> int:
        return self.bars[-1].year

    @property
    def peak(self) -> int:
        return max(bar.count for bar in self.bars)


def chart(by_year: list[tuple[int, int]]) -> Chart | None:
    """The bars of ``[(year, citations), ...]``: the last :data:`CHART_YEARS`
    years up to the latest, a year without citations a bar of height nought."""
    if not by_year:
        return None
    counts = dict(by_year)
    last = max(counts)
    first = max(min(counts), last - CHART_YEARS + 1)
    years = range(first, last + 1)
    frame = Chart(bars=[])
    band = frame.width / len(years)
    peak = max(counts.get(year, 0) for year in years) or 1
    room = frame.base - frame.top
    bars = []
    for n, year in enumerate(years):
        count = counts.get(year, 0)
        height = round(room * count / peak, 1)
        bars.append(
            Bar(
                year=year,
                count=count,
                x=round(n * band + band * 0.15, 1),
                y=round(frame.base - height, 1),
                width=round(band * 0.7, 1),
                height=height,
            )
        )
    return Chart(bars=bars)


@dataclass(frozen=True)
class Metrics:
    total: int
    h_index: int
    i10_index: int
    works: int  # the works counted
    by_year: list[tuple[int, int]]  # oldest first
    source: str
    counted_on: datetime  # the latest count among them

    @property
    def chart(self) -> Chart | None:
        return chart(self.by_year)


def owner_metrics() -> Metrics | None:
    """The figures of the public publications' stored counts, or None when none has one."""
    rows = (
        CitationSnapshot.objects.filter(publication__in=Publication.objects.published())
        .order_by("-fetched_at", "pk")
        .values_list("source", "work_id", "count", "by_year", "fetched_at")
    )
    works: dict[tuple[str, str], tuple[int, list]] = {}
    sources: list[str] = []
    counted_on = None
    for source, work_id, count, by_year, fetched_at in rows.iterator(chunk_size=2000):
        # The newest count of a work is the one kept.
        works.setdefault((source, work_id), (count, by_year))
        if source not in sources:
            sources.append(source)
        counted_on = counted_on or fetched_at
    if not works:
        return None
    counts = [count for count, _ in works.values()]
    per_year: dict[int, int] = {}
    for _, by_year in works.values():
        for year, count in by_year:
            per_year[year] = per_year.get(year, 0) + count
    return Metrics(
        total=sum(counts),
        h_index=h_index(counts),
        i10_index=i10_index(counts),
        works=len(works),
        by_year=sorted(per_year.items()),
        source=" and ".join(sources),
        counted_on=counted_on,
    )
