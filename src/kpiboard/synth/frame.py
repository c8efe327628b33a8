"""Small column-table helpers: a table is a ``dict`` of equal-length numpy arrays."""

from __future__ import annotations

import numpy as np

Cols = dict[str, np.ndarray]


def take(t: Cols, idx) -> Cols:
    return {k: v[idx] for k, v in t.items()}


def concat(parts: list[Cols]) -> Cols:
    parts = [p for p in parts if p]
    if not parts:
        return {}
    keys = parts[0].keys()
    return {k: np.concatenate([p[k] for p in parts]) for k in keys}


def size(t: Cols) -> int:
    return len(next(iter(t.values()))) if t else 0


def pick(rng: np.random.Generator, n: int, p) -> np.ndarray:
    """``n`` draws of an index with probabilities ``p`` (inverse CDF; faster than ``choice``)."""
    c = np.cumsum(np.asarray(p, dtype=float))
    return np.minimum(np.searchsorted(c / c[-1], rng.random(n), side="right"), len(c) - 1)


def pick_dict(rng: np.random.Generator, n: int, mix: dict, index: dict) -> np.ndarray:
    """Draws from ``{code: weight}`` returned as indices into a code list (``index`` maps codes)."""
    codes = list(mix)
    return np.array([index[c] for c in codes])[pick(rng, n, list(mix.values()))]


def last_at_or_before(owner: np.ndarray, dates: np.ndarray, n: int, when, default=None) -> np.ndarray:
    """Per owner (0..n-1), the latest of its dates that is ``<= when`` (``when`` a scalar or
    per-owner array); ``default`` (NEVER-like) where there is none. Rows need not be sorted."""
    from .dates import NEVER

    out = np.full(n, NEVER if default is None else default, dtype=np.int64)
    limit = when if np.isscalar(when) else np.asarray(when)[owner]
    ok = dates <= limit
    if ok.any():
        o, d = owner[ok], dates[ok]
        order = np.lexsort((d, o))
        o, d = o[order], d[order]
        last = np.r_[o[1:] != o[:-1], True]
        out[o[last]] = d[last]
    return out


def band_days(rng: np.random.Generator, n: int, bands) -> np.ndarray:
    """Whole numbers of days from a mixture of uniform bands ``(share, lo, hi)`` (hi included)."""
    which = pick(rng, n, [b[0] for b in bands])
    lo = np.array([b[1] for b in bands])[which]
    hi = np.array([b[2] for b in bands])[which]
    return lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)


def seq_dates(rng: np.random.Generator, owner: np.ndarray, first: np.ndarray, stop: np.ndarray,
              gap_lo: float, gap_hi: float, late: float, late_hi: float,
              kmax: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Regular events (visits, reviews) per owner from ``first`` until before ``stop``: gaps
    uniform in [gap_lo, gap_hi] days, a ``late`` share stretched up to ``late_hi``. Returns the
    flat (owner, date) rows, at most ``kmax`` per owner (by default enough for the longest span)."""
    n = len(owner)
    if n == 0:
        return owner[:0], first[:0]
    if kmax is None:
        kmax = int(min(max(np.max(stop - first), 0) // max(gap_lo, 1) + 2, 600))
    kmax = max(kmax, 2)
    gaps = rng.uniform(gap_lo, gap_hi, (n, kmax - 1))
    lapse = rng.random((n, kmax - 1)) < (np.asarray(late, dtype=float).reshape(-1, 1) if np.ndim(late) else late)
    gaps[lapse] = rng.uniform(gap_hi, late_hi, lapse.sum())
    dates = first[:, None] + np.concatenate([np.zeros((n, 1)), np.cumsum(gaps, axis=1)], axis=1).astype(np.int64)
    keep = dates < stop[:, None]
    rows = np.nonzero(keep)
    return owner[rows[0]], dates[rows]


def firsts(key: np.ndarray) -> np.ndarray:
    """True where a run of equal keys starts (``key`` sorted)."""
    return np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, dtype=bool)


def lasts(key: np.ndarray) -> np.ndarray:
    """True where a run of equal keys ends (``key`` sorted)."""
    return np.r_[key[1:] != key[:-1], True] if len(key) else np.zeros(0, dtype=bool)
