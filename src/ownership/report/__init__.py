"""Reports of an assessment: Markdown, the terminal, HTML and plots, in English or Swedish.

:meth:`Assessment.to_markdown() <ownership.Assessment.to_markdown>` and
:meth:`Assessment.to_html() <ownership.Assessment.to_html>` are the usual way
in; the functions here are the same renderers, for callers who hold an
assessment and want to choose. Every label comes from one message catalogue,
in the languages of :data:`LANGUAGES`. The charts are public too, in
:mod:`ownership.report.plots` (extra ``plot``).

>>> from ownership import assess
>>> from ownership.data import demo
>>> from ownership.report import render_markdown
>>> render_markdown(assess(demo()), lang="sv").splitlines()[0]
'# Bedömning av ägarskap'
"""

from ._catalogue import LANGUAGES
from .html import render_html
from .markdown import render_markdown
from .terminal import print_assessment, render_text

__all__ = ["LANGUAGES", "print_assessment", "render_html", "render_markdown", "render_text"]
