"""Write a simulated world out as files: Annex A workbooks, SSDA903 returns, population."""

from __future__ import annotations

import csv
from pathlib import Path

from .annex_a import write_annex_a
from .dates import extract_dates, to_date
from .extras import Extras
from .ssda903 import collection_years, write_ssda903
from .world import World

README = """Synthetic children's social care data (kpiboard.synth). None of it is about real children.

{layout}
annex_a/annex_a_YYYY-MM-DD.xlsx
    One Ofsted Annex A workbook (2024 layout, sheets "List 1" to "List 11") per month end: what
    the council's system would have produced on that date. Each holds the 12 months before the
    date (contacts, early help, referrals, assessments, section 47s, and CIN episodes, CP plans
    and periods of care that closed in that time) plus everything open on the day; "latest"
    fields (last visit, last review, placements in the last 12 months) are as on that date.
    A few data-quality flaws are left in on purpose: some blank genders, ethnicity NOBT, and two
    contacts entered twice in each workbook.

ssda903/YYYY-<table>.csv
    SSDA903 returns (header, episodes, reviews, missing, oc3, ad1, placed_for_adoption, uasc),
    one set per collection year. YYYY is the year the collection year starts, as in DfE's and
    data-to-insight's multi-year samples: 2025-episodes.csv is the 2025-26 return (1 April 2025
    to 31 March 2026). Only years whose 31 March lies within the months covered are written.
    Dates are DD/MM/YYYY.

population.csv
    la,year,population: the 0-17 population of each LA by calendar year, set so that rates per
    10,000 come out at realistic levels.

Generated with children={children}, months={months}, seed={seed}, las={las}, end={end}.
"""


def write_world(w: World, out: Path, params: dict) -> list[Path]:
    months = params["months"]
    out.mkdir(parents=True, exist_ok=True)
    x = Extras(w)
    extracts = extract_dates(to_date(w.end), months)
    years = collection_years(to_date(w.end), months)
    paths: list[Path] = []
    many = len(w.la_codes) > 1
    bases = [out / code if many else out for code in w.la_codes]
    paths += write_annex_a(w, [b / "annex_a" for b in bases], extracts, x)
    for i, base in enumerate(bases):
        paths += write_ssda903(w, x, base / "ssda903", years, i)
    pop = out / "population.csv"
    with pop.open("w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f)
        wr.writerow(["la", "year", "population"])
        for (la, year), value in sorted(w.population.items()):
            wr.writerow([la, year, value])
    paths.append(pop)
    layout = ("One folder per LA code (<la>/annex_a, <la>/ssda903); population.csv covers them all.\n"
              if many else "Files for LA {0}:\n".format(w.la_codes[0]))
    readme = out / "README.txt"
    readme.write_text(README.format(layout=layout, end=to_date(w.end), **params), encoding="utf-8")
    paths.append(readme)
    return paths
