"""Charts as server-rendered SVG: geometry computed here, drawn by a template.

No chart library reaches the phone; every chart is shown beside a table of its numbers.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class Point:
    x: float
    y: float
    label: str
    value: float | None


@dataclasses.dataclass
class Series:
    name: str
    css_class: str
    points: list[Point]

    @property
    def path(self) -> str:
        """SVG path through the known points; a gap (None) starts a new segment."""
        parts, pen_down = [], False
        for p in self.points:
            if p.value is None:
                pen_down = False
                continue
            parts.append(f"{'L' if pen_down else 'M'}{p.x:.1f},{p.y:.1f}")
            pen_down = True
        return " ".join(parts)


@dataclasses.dataclass
class LineChart:
    title: str
    width: int
    height: int
    series: list[Series]
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str]]
    unit: str


def line_chart(*, title: str, labels: list[str], series: dict[str, list[float | None]], unit: str = "%",
               y_max: float | None = None, width: int = 640, height: int = 220) -> LineChart:
    """A line chart of one or more series over the same labels (e.g. action days)."""
    # Room for tick labels drawn at 24 units on phones (≥ 12 px once the 640-unit chart is 330 px wide).
    left, right, top, bottom = 64, 24, 14, 36
    values = [v for vs in series.values() for v in vs if v is not None]
    top_value = y_max if y_max is not None else max(values or [1]) * 1.1 or 1
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(labels) - 1, 1)

    def x_of(i: int) -> float:
        return left + plot_w * i / n

    def y_of(v: float) -> float:
        return top + plot_h * (1 - v / top_value)

    built = []
    for index, (name, vs) in enumerate(series.items()):
        points = [Point(x_of(i), y_of(v) if v is not None else 0, labels[i], v) for i, v in enumerate(vs)]
        built.append(Series(name=name, css_class=f"series-{index}", points=points))
    ticks = [(y_of(top_value * k / 4), f"{top_value * k / 4:.0f}") for k in range(5)]
    step = max(1, len(labels) // 6)
    x_labels = [(x_of(i), labels[i]) for i in range(0, len(labels), step)]
    return LineChart(title=title, width=width, height=height, series=built, y_ticks=ticks,
                     x_labels=x_labels, unit=unit)
