"""The implementation of the ``ownership`` command (:mod:`ownership.cli` is its face).

Modules here import click and rich at the top: only :func:`ownership.cli.main`
imports them, after it has checked that the extra ``cli`` is installed.
"""
