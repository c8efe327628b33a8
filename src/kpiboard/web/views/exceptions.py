"""Exception lists, RESTRICTED: for administrators, performance officers and team managers
(their own team's rows only). Every view and every export is audited; the pages and the CSV
carry the restriction marking."""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kpiboard.errors import KpiboardError
from kpiboard.measures.spec import library
from kpiboard.web import audit, exceptions
from kpiboard.web.auth import require
from kpiboard.web.context import client_ip, render, web

router = APIRouter()


def _scope(session) -> str:
    team = exceptions.visible_team(session.user)
    return f"team {team}" if team else "all teams"


def _title(measure: str) -> str:
    try:
        return library().get(measure).title
    except (KeyError, AttributeError):
        return measure


def _measure_list(app, session, measure: str):
    """The measure's current list and its rows, as this user may see them."""
    found = exceptions.latest(app.store, session.user, measure)
    if found is None:
        raise KpiboardError("no exception lists yet: they are made when child-level records are "
                            "loaded (Data loads or kpiboard load)")
    if measure not in found.lists:
        raise KpiboardError(f"no exception list for '{measure}': the records loaded so far do not give it")
    return found, found.lists[measure]


@router.get("/exceptions")
def index(request: Request, session=Depends(require(*exceptions.ROLES))):
    app = web(request)
    found = exceptions.latest(app.store, session.user)
    measures = exceptions.eligible(app.store.catalogue())
    audit.record(app.store, session.user.name, "exceptions_view", f"index, {_scope(session)}", client_ip(request))
    return render(request, "exceptions.html.j2", found=found, measures=measures, title=_title,
                  restricted=exceptions.RESTRICTED, scope=_scope(session))


@router.get("/exceptions/{measure}")
def rows(request: Request, measure: str, session=Depends(require(*exceptions.ROLES))):
    app = web(request)
    found, shown = _measure_list(app, session, measure)
    audit.record(app.store, session.user.name, "exceptions_view",
                 f"{measure}, refresh {shown.refresh_id}, {_scope(session)}, {len(found.rows)} rows",
                 client_ip(request))
    columns = list(found.rows[0]) if found.rows else []
    return render(request, "exception_rows.html.j2", found=found, shown=shown, measure=measure,
                  title=_title(measure), columns=columns, restricted=exceptions.RESTRICTED,
                  scope=_scope(session))


@router.get("/exceptions/{measure}/export")
async def export(request: Request, measure: str, session=Depends(require(*exceptions.ROLES))):
    app = web(request)
    found, shown = await run_in_threadpool(_measure_list, app, session, measure)
    out = io.StringIO()
    out.write(f"# {exceptions.RESTRICTED}\n")
    columns = ["classification", *(found.rows[0] if found.rows else [])]
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    for r in found.rows:
        writer.writerow({"classification": "RESTRICTED", **r})
    await run_in_threadpool(audit.record, app.store, session.user.name, "exceptions_export",
                            f"{measure}, refresh {shown.refresh_id}, {_scope(session)}, {len(found.rows)} rows",
                            client_ip(request))
    name = f"RESTRICTED-exceptions-{measure}-{shown.period}.csv"
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
