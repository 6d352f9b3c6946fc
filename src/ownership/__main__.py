"""``python -m ownership``: the ``ownership`` command (see :mod:`ownership.cli`)."""

from __future__ import annotations

if __name__ == "__main__":
    from ownership.cli import main

    raise SystemExit(main())
