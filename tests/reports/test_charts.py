from datetime import date

from reports.charts import daily_chart, nice_ceiling
from reports.figures import Day


def test_it_rounds_the_scale_up_to_a_readable_number():
    assert [nice_ceiling(n) for n in (1, 3, 7, 10, 11, 180, 501)] == [2, 4, 10, 10, 20, 200, 1000]


def test_it_draws_a_bar_per_day_and_the_running_total_to_the_top_of_its_scale():
    days = [
        Day(date(2026, 3, 1), 4, 4),
        Day(date(2026, 3, 2), 0, 4),
        Day(date(2026, 3, 3), 1, 5),
    ]

    chart = daily_chart(days)

    assert [b.label for b in chart.bars] == ["2026-03-01: 4", "2026-03-02: 0", "2026-03-03: 1"]
    assert chart.bars[0].height == chart.plot_bottom - chart.plot_top  # 4 on a scale of 4
    assert chart.bars[1].height == 0
    last_point_y = float(chart.line.split()[-1].split(",")[1])
    assert last_point_y == chart.plot_bottom - (chart.plot_bottom - chart.plot_top) / 2  # 5 of 10
    assert [t.label for t in chart.right_ticks] == ["0", "5", "10"]
    assert chart.busiest.day == date(2026, 3, 1)
    assert chart.period_letters == 5


def test_it_draws_nothing_without_a_day():
    assert daily_chart([]) is None
