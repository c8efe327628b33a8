"""Read user files (CSV, XLSX, YAML) into canonical records, or fail with one located line."""
