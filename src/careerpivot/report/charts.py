"""Inline SVG charts for the offline HTML report: pure functions returning SVG strings.

Data contract:

- Every chart is one ``<svg role="img">`` element whose first children are ``<title>`` and
  ``<desc>`` (referenced by ``aria-labelledby``), so screen readers announce what it shows.
- Every text that reaches the SVG (labels, notes, titles) is XML-escaped here; callers may
  insert the returned string into HTML unescaped (e.g. as ``markupsafe.Markup``).
- Values are never shown by colour alone: each bar and each line end carries a text label,
  lines differ by dash pattern and marker shape, "not enough information" is a dashed,
  hatched box with those words written in it.
- ``chart_id`` prefixes every ``id`` inside the SVG so several charts can share one page.
- Colours are mid-tone on a white background and print well; no fonts, images or scripts
  are referenced.
- The SVG is meant to be inlined in HTML, so it carries no ``xmlns`` (no URL in the page);
  :func:`standalone` adds it for saving a chart as an ``.svg`` file.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

BarStyle = Literal["solid", "light", "hatched"]
LegendKind = Literal["solid", "light", "hatched", "reference", "outline", "unknown"]

INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#d3d9e0"
BAR = "#2f6f9f"
BAR_LIGHT = "#8db7d6"
REFERENCE = "#b3261e"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
LINE_COLOURS = ("#52606d", "#2f6f9f", "#b3261e", "#2d7d46")
LINE_DASHES = ("", "7 4", "2 3", "10 3 2 3")
MARKERS = ("circle", "square", "diamond", "triangle")
UNKNOWN = "not enough information"


def esc(text: object) -> str:
    """``text`` as XML/HTML-safe character data or attribute value."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart.

    Attributes:
        label: what the row is about (wrapped onto at most two lines).
        value: the bar's length on the chart's scale; ``None`` draws "not enough information".
        reference: a marker at this value (e.g. the level a role expects), or ``None``.
        note: the text printed right of the track (must restate the numbers).
        style: ``solid`` (high confidence), ``light`` (medium) or ``hatched`` (low).
    """

    label: str
    value: float | None
    reference: float | None = None
    note: str = ""
    style: BarStyle = "solid"


@dataclass(frozen=True)
class Series:
    """One line of a line chart.

    Attributes:
        name: shown in the legend and tooltips.
        values: one value per x position.
        short: a short name written with the last value at the line's end (default: name).
        labels: tooltip text per point (default: the formatted value).
    """

    name: str
    values: Sequence[float]
    short: str = ""
    labels: Sequence[str] = field(default_factory=tuple)


def standalone(svg: str) -> str:
    """``svg`` (from :func:`bar_chart` or :func:`line_chart`) as a standalone SVG document."""
    return svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)


def _fmt(value: float) -> str:
    return f"{value:g}"


def _open_svg(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    cid = esc(chart_id)
    return [
        f'<svg class="chart" id="{cid}" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-family="{esc(FONT)}" font-size="12">',
        f'<title id="{cid}-title">{esc(title)}</title>',
        f'<desc id="{cid}-desc">{esc(desc)}</desc>',
        f'<defs><pattern id="{cid}-hatch" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BAR}" stroke-width="3"/></pattern>'
        f'<pattern id="{cid}-unknown" width="8" height="8" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">'
        f'<rect width="8" height="8" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{GRID}" stroke-width="2"/></pattern></defs>',
    ]


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    fill: str = INK,
    size: int | None = None,
    weight: str | None = None,
    halo: bool = False,
) -> str:
    extra = f' font-size="{size}"' if size else ""
    extra += f' font-weight="{weight}"' if weight else ""
    if halo:
        extra += ' stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{extra}>'
        f"{esc(text)}</text>"
    )


def _label_lines(label: str, chars: int) -> list[str]:
    lines = textwrap.wrap(" ".join(label.split()), chars) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), chars, placeholder="…")]
    return lines


def _swatch(kind: LegendKind, x: float, y: float, cid: str) -> str:
    if kind == "outline":
        return (
            f'<rect x="{x:.1f}" y="{y - 1:.1f}" width="14" height="12" fill="none" '
            f'stroke="{REFERENCE}" stroke-dasharray="3 2"/>'
        )
    if kind == "reference":
        return (
            f'<line x1="{x + 7:.1f}" y1="{y - 2:.1f}" x2="{x + 7:.1f}" y2="{y + 12:.1f}" '
            f'stroke="{REFERENCE}" stroke-width="3"/>'
        )
    if kind == "unknown":
        return (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="10" fill="url(#{cid}-unknown)" '
            f'stroke="{MUTED}" stroke-dasharray="3 2"/>'
        )
    fill = {"solid": BAR, "light": BAR_LIGHT, "hatched": f"url(#{cid}-hatch)"}[kind]
    stroke = f' stroke="{BAR}"' if kind == "hatched" else ""
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="10" fill="{fill}"{stroke}/>'


def text_width(text: str, size: int = 12) -> float:
    """Estimated width in px of ``text`` in the chart font (no font metrics needed)."""
    return len(text) * size * 0.56


def _legend_rows(items: Sequence[tuple[LegendKind, str]], x0: float, width: float) -> int:
    rows, x = 1, x0
    for _, text in items:
        step = 19 + text_width(text) + 18
        if x + step > width and x > x0:
            rows, x = rows + 1, x0
        x += step
    return rows


def _legend(
    items: Sequence[tuple[LegendKind, str]], y: float, x0: float, width: float, cid: str
) -> list[str]:
    out: list[str] = []
    x = x0
    for kind, text in items:
        step = 19 + text_width(text) + 18
        if x + step > width and x > x0:
            x, y = x0, y + 18
        out.append(_swatch(kind, x, y, cid))
        out.append(_text(x + 19, y + 9, text, fill=MUTED))
        x += step
    return out


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str,
    max_value: float,
    ticks: Sequence[float] | None = None,
    tick_format: Callable[[float], str] = _fmt,
    legend: Sequence[tuple[LegendKind, str]] = (),
    reference_style: Literal["marker", "outline"] = "marker",
    track_width: int = 300,
    label_width: int = 200,
) -> str:
    """A horizontal bar chart with optional reference markers, as an SVG string.

    Args:
        bars: the rows, top to bottom.
        chart_id: unique id on the page (prefix of the SVG's internal ids).
        title: the chart's accessible name (``<title>``).
        desc: what the chart shows, in words (``<desc>``), including how to read it.
        max_value: the value at the right end of the track (bars are clipped to it).
        ticks: values with a grid line and label (default: 0, 1, …, ``max_value``).
        tick_format: how tick values are written.
        legend: ``(kind, text)`` pairs drawn under the chart.
        reference_style: ``marker`` draws the reference as a red line across the bar;
            ``outline`` as an outlined box from 0 to the reference (a shortfall shows as
            its empty part) with a red line at its end.
        track_width: width of the bar track in px; the note column is as wide as the
            longest note, so the total width follows.
        label_width: width of the label column in px.

    Returns:
        ``<svg …>…</svg>``; every text escaped.

    Raises:
        ValueError: when ``max_value`` is not positive.
    """
    if max_value <= 0:
        raise ValueError("max_value must be positive")
    cid = chart_id
    row_h, top, track_x, track_w = 36, 26, label_width + 10, track_width
    note_width = max([text_width(b.note, 11) for b in bars] + [0.0]) + 20
    width = math.ceil(track_x + track_w + note_width)
    legend_rows = _legend_rows(legend, track_x, width) if legend else 0
    height = top + row_h * max(1, len(bars)) + 12 + 18 * legend_rows
    scale = track_w / max_value
    out = _open_svg(cid, width, height, title, desc)
    marks = list(ticks) if ticks is not None else [float(i) for i in range(int(max_value) + 1)]
    bottom = top + row_h * len(bars)
    for tick in marks:
        x = track_x + min(tick, max_value) * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}"/>'
        )
        out.append(_text(x, top - 8, tick_format(tick), anchor="middle", fill=MUTED, size=11))
    chars = max(12, int(label_width / 6.4))
    for i, bar in enumerate(bars):
        y = top + i * row_h
        mid = y + row_h / 2
        lines = _label_lines(bar.label, chars)
        first = mid + 4 - (len(lines) - 1) * 7
        out.append(f'<g class="bar-row"><title>{esc(bar.label)}: {esc(bar.note)}</title>')
        for n, line in enumerate(lines):
            out.append(_text(label_width, first + n * 14, line, anchor="end"))
        if bar.value is None:
            out.append(
                f'<rect x="{track_x:.1f}" y="{y + 8:.1f}" width="{track_w:.1f}" '
                f'height="{row_h - 16}" fill="url(#{cid}-unknown)" stroke="{MUTED}" '
                f'stroke-dasharray="4 3"/>'
            )
        else:
            w = max(0.0, min(bar.value, max_value)) * scale
            fill = {"solid": BAR, "light": BAR_LIGHT, "hatched": f"url(#{cid}-hatch)"}[bar.style]
            stroke = f' stroke="{BAR}"' if bar.style == "hatched" else ""
            out.append(
                f'<rect x="{track_x:.1f}" y="{y + 9:.1f}" width="{w:.1f}" '
                f'height="{row_h - 18}" fill="{fill}"{stroke}/>'
            )
        if bar.reference is not None:
            x = track_x + max(0.0, min(bar.reference, max_value)) * scale
            if reference_style == "outline" and bar.value is not None:
                out.append(
                    f'<rect x="{track_x:.1f}" y="{y + 6:.1f}" width="{x - track_x:.1f}" '
                    f'height="{row_h - 12}" fill="none" stroke="{REFERENCE}" '
                    f'stroke-dasharray="5 3"/>'
                )
            out.append(
                f'<line x1="{x:.1f}" y1="{y + 4:.1f}" x2="{x:.1f}" y2="{y + row_h - 4:.1f}" '
                f'stroke="{REFERENCE}" stroke-width="3"/>'
            )
        if bar.value is None:
            label_w = text_width(UNKNOWN) + 12
            out.append(
                f'<rect x="{track_x + (track_w - label_w) / 2:.1f}" y="{mid - 8:.1f}" '
                f'width="{label_w:.1f}" height="16" fill="#ffffff"/>'
            )
            out.append(_text(track_x + track_w / 2, mid + 4, UNKNOWN, anchor="middle"))
        out.append(_text(track_x + track_w + 10, mid + 4, bar.note, fill=INK, size=11))
        out.append("</g>")
    if legend:
        out += _legend(legend, bottom + 14, track_x, width, cid)
    out.append("</svg>")
    return "\n".join(out)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``[low, high]`` (steps of 1, 2, 2.5 or 5 × 10^k)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "diamond":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if kind == "triangle":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(
    series: Sequence[Series],
    x_values: Sequence[float],
    *,
    chart_id: str,
    title: str,
    desc: str,
    x_label: str = "",
    y_label: str = "",
    value_format: Callable[[float], str] = _fmt,
    x_marker: tuple[float, str] | None = None,
    plot_width: int = 440,
    height: int = 320,
) -> str:
    """A line chart of one or more series over shared x positions, as an SVG string.

    Lines differ by colour, dash pattern and marker shape; each line's last value is written
    next to its end with the series' short name, and a legend names every series.

    Args:
        series: the lines; each must have one value per ``x_values`` entry.
        x_values: the x positions (e.g. years 1–10), increasing.
        chart_id: unique id on the page.
        title: accessible name (``<title>``).
        desc: what the chart shows, in words (``<desc>``).
        x_label: axis caption under the x axis.
        y_label: axis caption above the y axis.
        value_format: how y values are written (ticks and end labels).
        x_marker: ``(x, text)``: a dashed vertical line with a caption (e.g. break-even).
        plot_width: width of the plot area in px; the end labels' column is added to it.
        height: total height in px.

    Returns:
        ``<svg …>…</svg>``; every text escaped.

    Raises:
        ValueError: when there are no x values or a series has the wrong length.
    """
    if not x_values:
        raise ValueError("line_chart needs at least one x value")
    for s in series:
        if len(s.values) != len(x_values):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values, not {len(x_values)}")
    cid = chart_id
    ends = [f"{s.short or s.name}: {value_format(s.values[-1])}" for s in series]
    left, top, bottom = 78, 30, 74
    right = max([text_width(e, 11) for e in ends] + [40.0]) + 16
    legend_w = sum(34 + text_width(s.name) + 24 for s in series)
    width = math.ceil(max(left + plot_width + right, left + legend_w))
    plot_h = height - top - bottom
    values = [v for s in series for v in s.values] or [0.0]
    ticks = nice_ticks(min(0.0, min(values)), max(values))
    y_lo, y_hi = ticks[0], ticks[-1]
    x_lo, x_hi = min(x_values), max(x_values)
    x_span = (x_hi - x_lo) or 1.0

    def px(x: float) -> float:
        return left + (x - x_lo) / x_span * plot_width

    def py(y: float) -> float:
        return top + plot_h - (y - y_lo) / ((y_hi - y_lo) or 1.0) * plot_h

    out = _open_svg(cid, width, height, title, desc)
    if y_label:
        out.append(_text(8, top - 14, y_label, fill=MUTED, size=11))
    for tick in ticks:
        y = py(tick)
        stroke = INK if tick == 0 else GRID
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}" '
            f'stroke="{stroke}"/>'
        )
        out.append(_text(left - 6, y + 4, value_format(tick), anchor="end", fill=MUTED, size=11))
    for x in x_values:
        out.append(_text(px(x), top + plot_h + 18, _fmt(x), anchor="middle", fill=MUTED, size=11))
    if x_label:
        out.append(
            _text(left + plot_width / 2, top + plot_h + 36, x_label, anchor="middle", fill=MUTED)
        )
    if x_marker is not None and x_lo <= x_marker[0] <= x_hi:
        mx = px(x_marker[0])
        out.append(
            f'<line x1="{mx:.1f}" y1="{top:.1f}" x2="{mx:.1f}" y2="{top + plot_h:.1f}" '
            f'stroke="{MUTED}" stroke-dasharray="3 3"/>'
        )
        out.append(_text(mx + 4, top + 10, x_marker[1], fill=MUTED, size=11, halo=True))
    placed: list[tuple[float, str, str]] = []
    for i, s in enumerate(series):
        colour, dash = LINE_COLOURS[i % len(LINE_COLOURS)], LINE_DASHES[i % len(LINE_DASHES)]
        pts = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in zip(x_values, s.values, strict=True))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="series"><title>{esc(s.name)}</title>')
        out.append(
            f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attr}/>"
        )
        for j, (x, v) in enumerate(zip(x_values, s.values, strict=True)):
            label = s.labels[j] if j < len(s.labels) else value_format(v)
            out.append(
                f"<g><title>{esc(s.name)}, {esc(_fmt(x))}: {esc(label)}</title>"
                f"{_marker(MARKERS[i % len(MARKERS)], px(x), py(v), colour)}</g>"
            )
        out.append("</g>")
        placed.append((py(s.values[-1]), ends[i], colour))
    last_y = -100.0
    for y, text, colour in sorted(placed):
        y = max(y + 4, last_y + 14)
        out.append(_text(left + plot_width + 8, y, text, fill=colour, size=11, weight="600"))
        last_y = y
    legend_y = height - 12
    x = float(left)
    for i, s in enumerate(series):
        colour, dash = LINE_COLOURS[i % len(LINE_COLOURS)], LINE_DASHES[i % len(LINE_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{x:.1f}" y1="{legend_y - 4:.1f}" x2="{x + 28:.1f}" y2="{legend_y - 4:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        out.append(_marker(MARKERS[i % len(MARKERS)], x + 14, legend_y - 4, colour))
        out.append(_text(x + 34, legend_y, s.name, fill=INK))
        x += 34 + text_width(s.name) + 24
    out.append("</svg>")
    return "\n".join(out)
