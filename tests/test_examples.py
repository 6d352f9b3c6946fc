"""Every script in ``examples/`` runs to the end."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def test_there_are_examples() -> None:
    assert [script.name for script in SCRIPTS if script.name == "validate_a_process.py"]


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_example_runs(script: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,  # examples must not depend on the working directory
        env={**os.environ, "TMPDIR": str(tmp_path)},  # what they keep for the reader goes here
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "an example should show what it did"


def test_validate_a_process_shows_problems_and_the_past(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "validate_a_process.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert "$.stakeholders[1].unit: unknown unit 'Care' (did you mean 'care'?)" in result.stdout
    assert "$.responses[0].at: response at" in result.stdout
    assert "pending milestones: ['m1']" in result.stdout


def test_the_example_document_is_the_example_process() -> None:
    """``examples/process.json`` (shown in docs/json.md) reads as the example's process."""
    io = pytest.importorskip("ownership.io")
    if not hasattr(io, "read_json"):
        pytest.skip("ownership.io.read_json is not written yet")
    spec = importlib.util.spec_from_file_location("example", EXAMPLES / "validate_a_process.py")
    assert spec is not None
    assert spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    assert io.read_json(EXAMPLES / "process.json") == example.build()
