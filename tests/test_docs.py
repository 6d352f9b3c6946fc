"""The documentation builds without warnings, and its examples run.

The ``{doctest}`` blocks of ``docs/*.md`` run through Sphinx's doctest builder,
with the same configuration as the HTML build; docstring examples run under
pytest's ``--doctest-modules``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_doc_examples_run(tmp_path: Path) -> None:
    pytest.importorskip("sphinx", reason="the docs need the dev extra")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "doctest",
            "-W",
            "--keep-going",
            "-q",
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(tmp_path / "doctest"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = tmp_path / "doctest" / "output.txt"
    details = report.read_text(encoding="utf-8") if report.exists() else ""
    assert result.returncode == 0, f"{details}\n{result.stdout}\n{result.stderr}"
    assert " 0 failures in tests" in details


def test_every_page_is_in_the_toctree() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    pages = sorted(page.stem for page in DOCS.glob("*.md") if page.stem != "index")
    assert [page for page in pages if f"\n{page}\n" not in index] == []
