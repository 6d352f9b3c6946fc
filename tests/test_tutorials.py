"""The tutorials show what their scripts do, and the scripts check what they claim.

``tests/test_examples.py`` runs every script of ``examples/``; these tests look closer at
the three that the tutorials and the landing page are built on: the output a tutorial page
shows is the output its script prints, the files a script says it wrote are there, the
what-if script fails when a fix does not work, and the API reference names the public face.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs"
OUTPUT_BLOCK = re.compile(r"^```text\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def run(script: str, cwd: Path) -> str:
    """The script's output, run in ``cwd`` with its temporary folders made there too."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script)],
        cwd=cwd,
        env={**os.environ, "TMPDIR": str(cwd)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def load(script: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(script.removesuffix(".py"), EXAMPLES / script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def folder_in(output: str, pattern: str) -> Path:
    """The temporary folder a script says it wrote to."""
    match = re.search(pattern, output, re.MULTILINE)
    assert match is not None, output
    return Path(match[1].strip())


@pytest.fixture(scope="module")
def researcher(tmp_path_factory: pytest.TempPathFactory) -> str:
    pytest.importorskip("polars")
    pytest.importorskip("matplotlib")
    return run("researcher_tutorial.py", tmp_path_factory.mktemp("researcher"))


@pytest.fixture(scope="module")
def app_developer(tmp_path_factory: pytest.TempPathFactory) -> str:
    return run("app_developer_tutorial.py", tmp_path_factory.mktemp("app"))


@pytest.fixture(scope="module")
def what_if(tmp_path_factory: pytest.TempPathFactory) -> str:
    return run("what_if.py", tmp_path_factory.mktemp("what-if"))


def shown_lines(page: str) -> list[str]:
    """Every line of the ```text blocks of a tutorial page: output the page shows."""
    text = (DOCS / "tutorials" / page).read_text(encoding="utf-8")
    blocks = OUTPUT_BLOCK.findall(text)
    assert blocks, f"{page} shows no output"
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_researcher_page_shows_what_its_script_prints(researcher: str) -> None:
    printed = {line.strip() for line in researcher.splitlines()}
    assert [line for line in shown_lines("researcher.md") if line not in printed] == []


def test_the_app_developer_page_shows_what_its_script_prints(app_developer: str) -> None:
    printed = {line.strip() for line in app_developer.splitlines()}
    assert [line for line in shown_lines("app-developer.md") if line not in printed] == []


def test_the_researcher_script_agrees_with_itself_and_draws(researcher: str) -> None:
    assert "polars gives the same table" in researcher
    assert "agree on all 39 comments" in researcher
    assert "CC BY 4.0" in researcher  # the data's attribution travels with its figures
    folder = folder_in(researcher, r"are in (.+)$")
    for name in ("polis.png", "dimensions.png"):
        assert (folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name


def test_the_app_developer_script_reports_every_problem_and_stores_results(
    app_developer: str,
) -> None:
    # the bad event payload: three problems at once, each with its field
    for path in ("$.kind", "$.start", "$.organizer"):
        assert f'"path": "{path}"' in app_developer
    # the whole document: the reference problem too, pointed back to its payload
    assert "payload 7: $.stakeholders[3].unit: unknown unit 'Omsorg'" in app_developer
    assert "sv: 1 enhet har aldrig varit med i en dialog" in app_developer
    folder = folder_in(app_developer, r"^  in (.+)$")
    stored = json.loads((folder / "assessment.json").read_text(encoding="utf-8"))
    assert {"as_of", "index", "dimensions", "findings"} <= set(stored)
    assert stored["findings"][0]["code"] == "unit-never-consulted"
    assert (folder / "units.csv").read_text(encoding="utf-8").startswith("unit,")
    assert (folder / "process.json").exists()


def test_what_if_removes_each_planted_finding(what_if: str) -> None:
    assert "-> unit-never-consulted: gone" in what_if
    assert "-> unanswered: gone" in what_if
    before, after = re.findall(r"ownership index (\d\.\d+) -> (\d\.\d+);", what_if)[0]
    assert float(after) > float(before)


def test_what_if_fails_loudly_when_a_fix_does_not_work() -> None:
    """compare() is the script's check: a finding that stays, or a score that falls, fails."""
    what_if = load("what_if.py")

    def assessment(*codes: str, value: float) -> Any:
        """Just what compare() reads: dimensions[name].value, findings[i].code and index."""
        score = attrs.make_class("S", ["value"])(value)
        findings = tuple(attrs.make_class("F", ["code"])(code) for code in codes)
        return attrs.make_class("A", ["dimensions", "findings", "index"])(
            {"participation": score}, findings, value
        )

    fired = assessment("unit-never-consulted", value=0.4)
    with pytest.raises(AssertionError, match="should be gone"):
        what_if.compare(
            fired,
            assessment("unit-never-consulted", value=0.6),
            code="unit-never-consulted",
            dimension="participation",
        )
    with pytest.raises(AssertionError, match="should rise"):
        what_if.compare(
            fired, assessment(value=0.3), code="unit-never-consulted", dimension="participation"
        )
    what_if.compare(
        fired, assessment(value=0.6), code="unit-never-consulted", dimension="participation"
    )


def test_the_api_reference_names_the_whole_public_face() -> None:
    import ownership

    api = (DOCS / "api.md").read_text(encoding="utf-8")
    missing = [name for name in ownership.__all__ if f"ownership.{name}\n" not in api]
    assert missing == []
    for module in ("io", "findings", "report.plots", "strategies"):
        assert f".. automodule:: ownership.{module}\n   :members:" in api, module
    metrics = importlib.import_module("ownership.metrics")
    topics = [name for name in metrics.__all__ if isinstance(getattr(metrics, name), ModuleType)]
    for topic in topics:
        assert f".. automodule:: ownership.metrics.{topic}\n   :members:" in api, topic
    counting = [name for name in metrics.__all__ if name not in topics]
    assert [name for name in counting if f"ownership.metrics.{name}\n" not in api] == []
