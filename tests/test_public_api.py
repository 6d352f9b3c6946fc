"""The public surface of ``ownership`` is what we think it is.

Every public module has one sorted ``__all__``; every name in it imports, has
its own docstring and is documented in ``docs/``; ``__version__`` comes from the
package metadata; and the wheel ships ``py.typed``.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import inspect
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

import ownership

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

PUBLIC = [
    "Assessment",
    "AssessmentConfig",
    "Contribution",
    "ContributionKind",
    "Event",
    "EventKind",
    "Goal",
    "Level",
    "Milestone",
    "Outcome",
    "OwnershipError",
    "Participation",
    "ParticipationRole",
    "Problem",
    "Reaction",
    "Response",
    "Revision",
    "SchemaError",
    "Stakeholder",
    "StrategyProcess",
    "SurveyAnswer",
    "Tables",
    "Unit",
    "ValidationError",
    "assess",
    "from_tables",
    "read",
    "to_tables",
    "write",
]
"""The names of ``ownership``: adding or removing one is a decision, made here."""

MODULES = [
    "ownership",
    "ownership.errors",
    "ownership.schema",
    "ownership.tables",
    "ownership.io",
    "ownership.strategies",
    "ownership.metrics",
    "ownership.metrics.participation",
    "ownership.metrics.dialogue",
    "ownership.metrics.leadership",
    "ownership.metrics.visibility",
    "ownership.metrics.living",
    "ownership.metrics.adaptiveness",
    "ownership.metrics.direction",
    "ownership.metrics.ownership",
    "ownership.metrics.privacy",
    "ownership.assess",
    "ownership.findings",
    "ownership.report",
    "ownership.report.plots",
    "ownership.cli",
    "ownership.synth",
    "ownership.data",
]


def _isort_key(name: str) -> tuple[int, list[int | str]]:
    """The order of ruff's RUF022: CONSTANTS, then Classes, then everything else; natural."""
    category = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return category, [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


def _documented() -> set[str]:
    """Every dotted name that an autodoc directive in docs/ documents."""
    directive = re.compile(r"^\.\. auto(\w+):: (ownership[\w.]*)\s*$")
    names: set[str] = set()
    for page in DOCS.glob("*.md"):
        lines = page.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            match = directive.match(line.strip())
            if not match:
                continue
            kind, name = match.groups()
            names.add(name)
            options = []
            for option in lines[i + 1 :]:
                if not option.strip().startswith(":"):
                    break
                options.append(option.strip())
            if kind == "module" and ":members:" in options:
                try:
                    module = importlib.import_module(name)
                except ImportError:  # reported by the tests of that module
                    continue
                names.update(f"{name}.{member}" for member in getattr(module, "__all__", ()))
    return names


def test_the_names_of_ownership() -> None:
    assert ownership.__all__ == PUBLIC


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted(name: str) -> None:
    module = _module(name)
    assert module.__all__ == sorted(module.__all__, key=_isort_key)
    assert len(set(module.__all__)) == len(module.__all__)


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_imports_and_has_a_docstring(name: str) -> None:
    module = _module(name)
    namespace: dict[str, object] = {}
    exec(f"from {name} import *", namespace)  # what `import *` gives users
    assert set(module.__all__) <= set(namespace)
    undocumented = [
        member
        for member in module.__all__
        if (inspect.isclass(namespace[member]) or inspect.isroutine(namespace[member]))
        and not inspect.getdoc(namespace[member])
    ]
    assert undocumented == []


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_is_in_the_reference(name: str) -> None:
    module = _module(name)
    documented = _documented()
    missing = [
        member
        for member in module.__all__
        if f"{name}.{member}" not in documented and f"ownership.{member}" not in documented
    ]
    assert missing == [], f"add these to an autodoc directive in docs/: {missing}"


def test_version_comes_from_the_package_metadata() -> None:
    assert "__version__" not in vars(ownership)  # served lazily, not computed at import
    assert ownership.__version__ == importlib.metadata.version("ownership")
    assert re.fullmatch(
        r"\d+\.\d+\.\d+((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", ownership.__version__
    )


def test_unknown_attributes_still_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Nonexistent'"):
        _ = ownership.Nonexistent


def test_the_package_is_typed() -> None:
    assert (Path(ownership.__file__).parent / "py.typed").is_file()


@pytest.mark.slow
def test_the_wheel_ships_py_typed_and_only_the_package(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (dev extra)")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("ownership-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        files = archive.namelist()
    assert "ownership/py.typed" in files
    assert "ownership/__init__.py" in files
    assert "ownership/report/templates/report.html.j2" in files  # the HTML report's template
    top_level = {path.split("/")[0] for path in files}
    assert top_level == {"ownership", f"ownership-{ownership.__version__}.dist-info"}
