"""The README's quick start and usage say what the project really does."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", README, re.MULTILINE | re.DOTALL)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def _quick_start() -> list[str]:
    return [block.strip() for block in _blocks(_section("Quick start"), "sh")]


def test_quick_start_has_two_one_line_commands() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)


def test_the_first_command_runs_the_demo_through_the_installed_command() -> None:
    demo = _quick_start()[0]
    assert demo.endswith(".venv/bin/ownership demo")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["ownership"] == "ownership.cli:main"
    # it installs the extra the command needs
    (extra,) = re.findall(r'-e "\.\[(\w+)\]"', demo)
    needs = {
        re.split(r"[<>=\[]", r)[0] for r in pyproject["project"]["optional-dependencies"][extra]
    }
    assert {"click", "rich"} <= needs


def test_the_command_line_examples_use_commands_that_exist() -> None:
    from ownership._cli._commands import command

    lines = _blocks(_section("Command line"), "sh")[0].splitlines()
    assert lines
    for line in lines:
        words = line.split()
        assert words[0] == "ownership"
        assert words[1] in command.commands


def test_ci_runs_the_second_command_verbatim() -> None:
    tests = _quick_start()[1]
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in [line.strip() for line in ci.splitlines()]


def test_the_usage_example_runs() -> None:
    (code,) = _blocks(_section("Usage"), "python")
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
