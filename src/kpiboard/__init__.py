"""kpiboard: performance management for children's services, from the data."""

__version__ = "0.1.0"
