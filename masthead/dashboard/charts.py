"""Small server-rendered SVG charts (pure, no Django, no script): the page needs no chart
library and works under the site's strict Content-Security-Policy. Colours come from
dashboard.css classes; every chart also has a table of its numbers beside it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from masthead.dashboard import present

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 36


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return float(step)
    return float(value)


def _axis(ymax: float, percent: bool) -> list[str]:
    parts = []
    plot_h = HEIGHT - TOP - BOTTOM
    for i in range(5):
        value = ymax * i / 4
        y = TOP + plot_h - plot_h * i / 4
        label = f"{value:.0f}%" if percent else (f"{value:.0f}" if ymax >= 4 else f"{value:.1f}")
        parts.append(
            f'<line class="chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart__tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>'
        )
    return parts


def _x_labels(labels: Sequence[str], step_x: float) -> list[str]:
    every = max(1, len(labels) // 8)
    out = []
    for i, label in enumerate(labels):
        if i % every:
            continue
        x = LEFT + step_x * (i + 0.5)
        out.append(
            f'<text class="chart__tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    return out


def _svg(title: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def stacked_bars(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]
) -> str:
    """Bars per label, one stacked segment per series (name, values); class chart__s<i>."""
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    ymax = _nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step_x = plot_w / max(1, len(labels))
    body = _axis(ymax, False)
    for i, label in enumerate(labels):
        base = 0.0
        for s, (name, values) in enumerate(series):
            value = values[i]
            if value <= 0:
                continue
            h = plot_h * value / ymax
            y = TOP + plot_h - plot_h * base / ymax - h
            body.append(
                f'<rect class="chart__s{s}" x="{LEFT + step_x * i + step_x * 0.15:.1f}" '
                f'y="{y:.1f}" width="{step_x * 0.7:.1f}" height="{h:.1f}">'
                f"<title>{escape(label)}: {present.count(value)} {escape(name)}</title></rect>"
            )
            base += value
    body += _x_labels(labels, step_x)
    return _svg(title, body)


def lines(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    percent: bool = False,
) -> str:
    """One line per series; gaps where a value is None (no data that day)."""
    values = [v for _, vs in series for v in vs if v is not None]
    ymax = 100.0 if percent else _nice_max(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step_x = plot_w / max(1, len(labels))
    body = _axis(ymax, percent)
    for s, (name, vs) in enumerate(series):
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, value in enumerate(vs):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            x = LEFT + step_x * (i + 0.5)
            y = TOP + plot_h - plot_h * min(value, ymax) / ymax
            segment.append(f"{x:.1f},{y:.1f}")
            shown = present.percent(value / 100) if percent else present.count(value)
            body.append(
                f'<circle class="chart__s{s}" cx="{x:.1f}" cy="{y:.1f}" r="3">'
                f"<title>{escape(labels[i])}: {escape(name)} {shown}</title></circle>"
            )
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                body.append(
                    f'<polyline class="chart__line chart__s{s}" points="{" ".join(points)}"/>'
                )
    body += _x_labels(labels, step_x)
    return _svg(title, body)


def horizontal_bars(title: str, rows: Sequence[tuple[str, float]]) -> str:
    height = TOP + 24 * max(1, len(rows)) + 8
    vmax = _nice_max(max((v for _, v in rows), default=0))
    label_w, plot_w = 150, WIDTH - 150 - RIGHT - 40
    body = []
    for i, (label, value) in enumerate(rows):
        y = TOP + 24 * i
        w = plot_w * value / vmax
        body.append(
            f'<text class="chart__tick" x="{label_w - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect class="chart__s0" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="16"/>'
            f'<text class="chart__tick" x="{label_w + w + 6:.1f}" y="{y + 15}">{present.count(value)}</text>'
        )
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )
