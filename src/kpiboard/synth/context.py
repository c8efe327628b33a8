"""What every stage of the simulation shares: the calendar, the children and each LA's habits."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .dates import WorkingDays, add_years
from .frame import Cols

# Routes into care.
EMERG, FROM_CP, FROM_CIN, UASC, REMAND, SB4, SB3 = range(7)
# Kinds of CIN plan.
CIN_NORMAL, CIN_STEPDOWN, CIN_LONG, CIN_AFTER_CARE = range(4)


@dataclass
class Ctx:
    rng: np.random.Generator
    wd: WorkingDays
    start: int  # first day of complete flows (12 months before the first extract)
    end: int  # the last extract date
    floor: int  # visits and other regular events are generated from here on
    n_la: int
    eff: dict[str, np.ndarray]  # per-LA multipliers (practice differs between councils)
    wave: np.ndarray  # (n_la, months) slow swings in timeliness, around 1
    wave_month0: int
    children: Cols = field(default_factory=dict)
    first_flow: int = 0  # no contacts are simulated before this day

    def set_children(self, children: Cols) -> None:
        self.children = children
        dob = children["dob"]
        self.bday = {age: add_years(dob, age) for age in (1, 4, 5, 10, 14, 16, 17, 18, 21, 22)}

    def age_years(self, child: np.ndarray, when: np.ndarray) -> np.ndarray:
        return (when - self.children["dob"][child]) / 365.25

    def wave_at(self, la: np.ndarray, when: np.ndarray) -> np.ndarray:
        m = np.asarray(when, dtype=np.int64).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        m = np.clip(m - self.wave_month0, 0, self.wave.shape[1] - 1)
        return self.wave[la, m]

    def u(self, n: int) -> np.ndarray:
        return self.rng.random(n)


def la_effects(rng: np.random.Generator, n_la: int) -> dict[str, np.ndarray]:
    """Per-LA multipliers: conversion, thresholds, timeliness and care rates differ by council."""
    ln = lambda s: np.exp(rng.normal(0.0, s, n_la))  # noqa: E731
    return {
        "conversion": ln(0.15), "nfa": ln(0.45), "speed": ln(0.18), "s47": ln(0.2),
        "icpc_late": ln(0.5), "cp": ln(0.22), "care": ln(0.28), "uasc": ln(0.9),
        "lapse": ln(0.4), "review_late": ln(0.4), "cin_rate": 330 * ln(0.17), "stability": ln(0.15),
    }


def waves(rng: np.random.Generator, n_la: int, months: int) -> np.ndarray:
    """AR(1) monthly multipliers near 1 (sd about 0.08) so timeliness drifts month to month."""
    w = np.zeros((n_la, months))
    x = rng.normal(0, 0.08, n_la)
    for m in range(months):
        x = 0.8 * x + rng.normal(0, 0.05, n_la)
        w[:, m] = x
    return np.exp(w)
