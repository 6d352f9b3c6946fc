"""The README's quick start and usage say what the project really does."""

from __future__ import annotations

import re
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


def test_the_first_command_runs_an_example_that_exists() -> None:
    demo = _quick_start()[0]
    scripts = re.findall(r"examples/\S+\.py", demo)
    assert scripts
    assert all((ROOT / script).is_file() for script in scripts)


def test_ci_runs_the_second_command_verbatim() -> None:
    tests = _quick_start()[1]
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in [line.strip() for line in ci.splitlines()]


def test_the_usage_example_runs() -> None:
    (code,) = _blocks(_section("Usage"), "python")
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
