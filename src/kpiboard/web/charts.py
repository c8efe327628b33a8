"""Small inline SVG charts drawn from stored values: a sparkline for the overview and a trend
line with its target for the indicator page. Pure functions of numbers; no JavaScript."""

from __future__ import annotations

from markupsafe import Markup, escape

from kpiboard.judge.spc import RULE_LABELS, SpcPoint
from kpiboard.render.icons import SIGNAL_COLOURS, signal_family


def _scale(values: list[float], lo: float, hi: float, top: float, height: float) -> list[float]:
    span = (hi - lo) or 1.0
    return [top + height - (v - lo) / span * height for v in values]


def sparkline(values: list[float | None], width: int = 90, height: int = 22) -> Markup:
    """Months left to right; gaps break the line."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return Markup("")
    lo, hi = min(known), max(known)
    step = width / max(len(values) - 1, 1)
    ys = _scale([v if v is not None else lo for v in values], lo, hi, 2, height - 4)
    segments, current = [], []
    for i, v in enumerate(values):
        if v is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(f"{i * step:.1f},{ys[i]:.1f}")
    if current:
        segments.append(current)
    lines = "".join(f'<polyline points="{" ".join(s)}"/>' for s in segments if len(s) > 1)
    last = len(values) - 1
    dot = (f'<circle cx="{last * step:.1f}" cy="{ys[last]:.1f}" r="2"/>'
           if values[last] is not None else "")
    return Markup(f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
                  f'role="img" aria-label="trend over {len(values)} months">{lines}{dot}</svg>')


def trend(labels: list[str], values: list[float | None], targets: list[float | None],
          spc: list[SpcPoint | None] | None = None, width: int = 640, height: int = 220) -> Markup:
    """Values as a line with points, the target as a dashed line, month labels below. With
    ``spc`` (each month's XmR reading, None where it has none), the process mean and limits as
    dashed lines, and special-cause points ringed, as the printed report's chart draws them."""
    spc = spc or [None] * len(values)
    limits = [v for p in spc if p is not None for v in (p.mean, p.lower_limit, p.upper_limit)
              if v is not None]
    numbers = [v for v in values + targets if v is not None]
    if not numbers:
        return Markup('<p class="muted">No figures to chart.</p>')
    lo, hi = min(numbers + limits + [0.0]), max(numbers + limits)
    left, top, plot_w, plot_h = 48, 10, width - 76, height - 50  # room for the last month's label
    step = plot_w / max(len(values) - 1, 1)
    x = [left + i * step for i in range(len(values))]

    def y(v: float) -> float:
        return _scale([v], lo, hi, top, plot_h)[0]

    yv = _scale([v if v is not None else lo for v in values], lo, hi, top, plot_h)
    yt = _scale([t if t is not None else lo for t in targets], lo, hi, top, plot_h)
    parts = [f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>']
    for frac in (0, 0.5, 1):
        value = lo + (hi - lo) * frac
        y_tick = top + plot_h - frac * plot_h
        parts.append(f'<text class="tick" x="{left - 6}" y="{y_tick + 4:.1f}" text-anchor="end">{value:,.4g}</text>')
    parts += _process_lines(spc, x, y)  # drawn first so the values sit on top
    target_pts = [f"{x[i]:.1f},{yt[i]:.1f}" for i, t in enumerate(targets) if t is not None]
    if len(target_pts) > 1:
        parts.append(f'<polyline class="target" points="{" ".join(target_pts)}"/>')
    value_pts = [f"{x[i]:.1f},{yv[i]:.1f}" for i, v in enumerate(values) if v is not None]
    if len(value_pts) > 1:
        parts.append(f'<polyline class="value" points="{" ".join(value_pts)}"/>')
    for i, v in enumerate(values):
        if v is not None:
            parts.append(f'<circle class="value" cx="{x[i]:.1f}" cy="{yv[i]:.1f}" r="3">'
                         f"<title>{escape(labels[i])}: {v:,.4g}</title></circle>")
            parts.append(_ring(spc[i], x[i], yv[i], labels[i]))
        parts.append(f'<text class="tick" x="{x[i]:.1f}" y="{top + plot_h + 16}" '
                     f'text-anchor="middle">{escape(labels[i])}</text>')
    return Markup(f'<svg class="trend" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
                  f'role="img" aria-label="trend chart with target">{"".join(parts)}</svg>')



def _process_lines(spc: list[SpcPoint | None], x: list[float], y) -> list[str]:
    """Mean and limits, one line per rebased group: joining two groups would draw a slope the
    process never had."""
    out = []
    for css, field in (("spc-mean", "mean"), ("spc-limit", "lower_limit"), ("spc-limit", "upper_limit")):
        runs: dict[int, list[str]] = {}
        for i, p in enumerate(spc):
            if p is not None and getattr(p, field) is not None:
                runs.setdefault(p.group, []).append(f"{x[i]:.1f},{y(getattr(p, field)):.1f}")
        out += [f'<polyline class="{css}" points="{" ".join(pts)}"/>' for pts in runs.values()
                if len(pts) > 1]
    return out


def _ring(point: SpcPoint | None, cx: float, cy: float, label: str) -> str:
    if point is None or not point.special_cause or point.variation is None:
        return ""
    signal = signal_family(point.variation)
    return (f'<circle class="signal signal-{signal}" cx="{cx:.1f}" cy="{cy:.1f}" r="7" '
            f'stroke="{SIGNAL_COLOURS[signal]}">'
            f"<title>{escape(label)}: {escape(RULE_LABELS[point.rule])}</title></circle>")
