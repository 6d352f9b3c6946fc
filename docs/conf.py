"""Sphinx configuration of the ``ownership`` documentation.

Build with ``sphinx-build -W --keep-going -b html docs docs/_build/html``; the
``{doctest}`` blocks of the pages run with ``-b doctest`` (``tests/test_docs.py``
does that in the test suite). The build needs no network: no intersphinx.
"""

from __future__ import annotations

import doctest
import sys
from datetime import UTC, datetime
from importlib.metadata import version as _version
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "ownership"
author = "The ownership developers"
copyright = f"{datetime.now(UTC).year}, {author}"
release = _version("ownership")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "ownership_docs",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "metrics/*"]

# -- MyST ---------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
myst_heading_anchors = 3

# -- autodoc ------------------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
python_use_unqualified_type_names = True

# -- doctest ------------------------------------------------------------------------------------
# Only the ``{doctest}`` blocks of the pages are tested here; the docstrings' examples run
# under pytest's --doctest-modules, in their modules' namespaces.
doctest_test_doctest_blocks = ""
# Check exception messages too: the error page exists to show them exactly.
doctest_default_flags = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1
# Paths are absolute, so the examples run from any working directory.
doctest_global_setup = f"""
from pathlib import Path
EXAMPLES = Path({str(DOCS.parent / "examples")!r})
POLIS = Path({str(DOCS.parent / "tests" / "data" / "polis")!r})
"""

# -- HTML ---------------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"ownership {release}"
