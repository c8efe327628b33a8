"""SPC variation and assurance icons as small inline SVGs (print-safe, no fonts or images).

The shapes follow the "Making Data Count" convention readers know: a circle for variation
(grey common cause, blue improvement, orange concern, purple when the indicator has no
preferred direction; H or L says which side of the mean) and a circle for assurance (blue P
consistently passes, orange F consistently fails, grey ? hit and miss). Each has a tooltip and
an accessible label with the words, so colour is never the only signal.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from kpiboard.judge.spc import ASSURANCE_LABELS, VARIATION_LABELS, SpcResult

BLUE, ORANGE, GREY, PURPLE = "#1f6fb2", "#e46c0a", "#7b8794", "#6a3d9a"
# Special-cause points are ringed in the icons' colours on every chart, printed or on screen.
SIGNAL_COLOURS = {"improvement": BLUE, "concern": ORANGE, "neutral": PURPLE}

_VARIATION = {"common_cause": (GREY, "~"), "improvement_high": (BLUE, "H"),
              "improvement_low": (BLUE, "L"), "concern_high": (ORANGE, "H"),
              "concern_low": (ORANGE, "L"), "neutral_high": (PURPLE, "H"),
              "neutral_low": (PURPLE, "L")}
_ASSURANCE = {"consistent_pass": (BLUE, "P"), "consistent_fail": (ORANGE, "F"),
              "hit_and_miss": (GREY, "?")}


def signal_family(variation: str | None) -> str:
    """improvement, concern or neutral: the family of an SPC variation such as concern_high."""
    family = (variation or "").split("_")[0]
    return family if family in SIGNAL_COLOURS else "neutral"


def _drawing(colour: str, letter: str) -> str:
    return (f'<circle cx="10" cy="10" r="8.5" fill="#ffffff" stroke="{colour}" stroke-width="2.5"/>'
            f'<text x="10" y="14" text-anchor="middle" font-size="11" font-weight="700" '
            f'font-family="Liberation Sans, Arial, sans-serif" fill="{colour}">{escape(letter)}</text>')


def _circle(colour: str, letter: str, label: str, kind: str, size: int, symbol: str | None = None) -> Markup:
    """The icon with its label; with ``symbol``, a reference to that drawing in symbols() instead
    of the drawing itself (a page that shows many icons carries each drawing once)."""
    label = escape(label)
    drawing = f'<use href="#{symbol}"/>' if symbol else _drawing(colour, letter)
    return Markup(
        f'<svg class="spc-icon spc-{kind}" width="{size}" height="{size}" viewBox="0 0 20 20" '
        f'role="img" aria-label="{label}"><title>{label}</title>{drawing}</svg>')


def _symbol_id(kind: str, name: str) -> str:
    return f"spc-{kind}-{name}"


def variation_icon(spc: SpcResult | None, size: int = 18, shared: bool = False) -> Markup:
    if spc is None or spc.variation is None:
        return Markup("")
    colour, letter = _VARIATION[spc.variation]
    label = VARIATION_LABELS[spc.variation] + (" (trial limits)" if spc.trial else "")
    return _circle(colour, letter, label, "variation", size,
                   _symbol_id("variation", spc.variation) if shared else None)


def assurance_icon(spc: SpcResult | None, size: int = 18, shared: bool = False) -> Markup:
    if spc is None or spc.assurance is None:
        return Markup("")
    colour, letter = _ASSURANCE[spc.assurance]
    return _circle(colour, letter, ASSURANCE_LABELS[spc.assurance], "assurance", size,
                   _symbol_id("assurance", spc.assurance) if shared else None)


def spc_icons(spc: SpcResult | None, size: int = 18, shared: bool = False) -> Markup:
    """Both icons; ``shared`` icons draw from symbols(), which the page must then include once.
    Printed reports keep the drawings inline (WeasyPrint and copied fragments stand alone)."""
    return variation_icon(spc, size, shared) + assurance_icon(spc, size, shared)


def symbols() -> Markup:
    """Every icon's drawing as an SVG <symbol>, for shared icons to refer to."""
    parts = [f'<symbol id="{_symbol_id("variation", v)}" viewBox="0 0 20 20">{_drawing(c, letter)}</symbol>'
             for v, (c, letter) in _VARIATION.items()]
    parts += [f'<symbol id="{_symbol_id("assurance", a)}" viewBox="0 0 20 20">{_drawing(c, letter)}</symbol>'
              for a, (c, letter) in _ASSURANCE.items()]
    return Markup("".join(parts))


def key() -> list[tuple[Markup, str]]:
    """Every icon with its meaning, for the report's key."""
    out = [(_circle(c, letter, VARIATION_LABELS[v], "variation", 16), VARIATION_LABELS[v])
           for v, (c, letter) in _VARIATION.items()]
    out += [(_circle(c, letter, ASSURANCE_LABELS[a], "assurance", 16), ASSURANCE_LABELS[a])
            for a, (c, letter) in _ASSURANCE.items()]
    return out
