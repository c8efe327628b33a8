from kpiboard.cli import app

app(prog_name="kpiboard")
