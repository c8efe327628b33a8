"""Renderers: turn frozen report models into files. They format and draw; they never judge."""
