"""The web application: dashboards, drill-down, the commentary workflow, users, roles, audit."""

from kpiboard.web.app import create_app

__all__ = ["create_app"]
