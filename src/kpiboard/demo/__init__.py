"""The bundled demo: a fictional LA's catalogue and deterministic synthetic figures."""
