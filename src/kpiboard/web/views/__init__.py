"""One module per page family; each has a ``router``."""

from kpiboard.web.views import admin_users, audit_log, commentary, indicator, login, overview, reports

ROUTERS = [login.router, overview.router, indicator.router, commentary.router, reports.router,
           admin_users.router, audit_log.router]
