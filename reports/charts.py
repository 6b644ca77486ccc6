"""Charts drawn on the server as SVG geometry: no script, nothing from another site.
Each chart is shown next to the table of the same figures."""

from dataclasses import dataclass, field

from .figures import Day

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 64, 16, 36  # room for the axes' labels


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class DailyChart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Bar] = field(default_factory=list)
    line: str = ""  # polyline points of the running total
    left_ticks: list[Tick] = field(default_factory=list)
    right_ticks: list[Tick] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    first: Day | None = None
    last: Day | None = None
    busiest: Day | None = None
    period_letters: int = 0


def nice_ceiling(value: int) -> int:
    """The smallest of 2, 4, 10, 20, 40, 100... at or above value: even, so the
    middle tick is a whole number too."""
    step = 1
    while True:
        for m in (2, 4, 10):
            if step * m >= value:
                return step * m
        step *= 10


def daily_chart(days: list[Day]) -> DailyChart | None:
    """Bars of letters per day (left axis) and the running total as a line (right axis)."""
    if not days:
        return None
    chart = DailyChart(
        first=days[0],
        last=days[-1],
        busiest=max(days, key=lambda d: d.letters),
        period_letters=sum(d.letters for d in days),
    )
    plot_w = chart.plot_right - chart.plot_left
    plot_h = chart.plot_bottom - chart.plot_top
    top_daily = nice_ceiling(max(d.letters for d in days) or 1)
    top_total = nice_ceiling(max(d.running_total for d in days) or 1)
    step = plot_w / len(days)
    points = []
    for i, d in enumerate(days):
        h = plot_h * d.letters / top_daily
        x = chart.plot_left + i * step
        chart.bars.append(
            Bar(
                x=round(x + step * 0.1, 2),
                y=round(chart.plot_bottom - h, 2),
                width=round(max(step * 0.8, 0.5), 2),
                height=round(h, 2),
                label=f"{d.day.isoformat()}: {d.letters}",
            )
        )
        y = chart.plot_bottom - plot_h * d.running_total / top_total
        points.append(f"{round(x + step / 2, 2)},{round(y, 2)}")
    chart.line = " ".join(points)
    for fraction in (0, 0.5, 1):
        y = round(chart.plot_bottom - plot_h * fraction, 2)
        chart.left_ticks.append(Tick(y=y, label=f"{int(top_daily * fraction):,}"))
        chart.right_ticks.append(Tick(y=y, label=f"{int(top_total * fraction):,}"))
    picks = sorted({0, len(days) // 2, len(days) - 1})
    chart.x_labels = [
        (round(chart.plot_left + (i + 0.5) * step, 2), days[i].day.isoformat()) for i in picks
    ]
    return chart
