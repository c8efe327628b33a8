"""Report models: frozen, fully judged, ready for any renderer (renderers never compute)."""
