"""Reports of an assessment: Markdown (more formats build on the same pieces)."""

from .markdown import render_markdown

__all__ = ["render_markdown"]
