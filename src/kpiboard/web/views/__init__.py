"""One module per page family; each has a ``router``."""

from kpiboard.web.views import (admin_users, audit_log, commentary, exceptions, indicator, loads, login,
                                overview, pages, reports)

ROUTERS = [login.router, overview.router, indicator.router, commentary.router, reports.router,
           pages.router, loads.router, exceptions.router, admin_users.router, audit_log.router]
