"""Charts drawn on the server as inline SVG (pygal): no script, no CDN; the PDF embeds the same."""

from __future__ import annotations

import pygal
from pygal.style import Style

_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0d6efd", "#198754", "#fd7e14", "#dc3545", "#6f42c1"),
    font_family="DejaVu Sans, sans-serif",
    title_font_size=14,
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
)


def _svg(chart) -> str:
    return chart.render(is_unicode=True, disable_xml_declaration=True)


def distribution(title: str, counts: dict[str, int]) -> str:
    """A bar per mark (5, 4, 3, 2, н/а) with its count."""
    chart = pygal.Bar(
        style=_STYLE, width=640, height=300, show_legend=False, print_values=True, explicit_size=True, js=[]
    )
    chart.title = title
    chart.x_labels = list(counts)
    chart.add(title, list(counts.values()))
    return _svg(chart)


def weekly(title: str, labels: list[str], series: dict[str, list[int]]) -> str:
    """Lines by week (attendance: lessons missed, of them for illness)."""
    chart = pygal.Bar(style=_STYLE, width=640, height=300, explicit_size=True, js=[], legend_at_bottom=True)
    chart.title = title
    chart.x_labels = labels
    for name, values in series.items():
        chart.add(name, values)
    return _svg(chart)
