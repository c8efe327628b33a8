"""The docs stay true: every command documented, the quickstart is two commands CI also runs."""

from __future__ import annotations

import re

from pathlib import Path

from kpiboard.cli import app

ROOT = Path(__file__).resolve().parents[1]


def command_names() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands]


def test_every_cli_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for name in command_names():
        assert f"`kpiboard {name}" in readme, f"kpiboard {name} is not in the README's command table"


def test_readme_options_exist():
    """Options the README shows for a command are options the command takes."""
    readme = (ROOT / "README.md").read_text()
    for name in command_names():
        command = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)
        import typer.main

        click_command = typer.main.get_command_from_info(command, pretty_exceptions_short=True,
                                                         rich_markup_mode=None)
        known = {opt for p in click_command.params for opt in p.opts}
        row = next(line for line in readme.splitlines() if line.startswith(f"| `kpiboard {name}"))
        for option in re.findall(r"--[a-z-]+", row.split("|")[1]):
            assert option in known, f"README shows {option} for kpiboard {name}"


def test_quickstart_is_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    quickstart = readme.split("## Quickstart", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quickstart, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["./scripts/demo", "./scripts/test"]
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_docs_links_resolve():
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#]+\.md)\)", doc.read_text()):
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"
