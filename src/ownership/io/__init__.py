"""Reading and writing strategy processes: JSON now, tables and importers later.

>>> from ownership import StrategyProcess, Unit
>>> from ownership.io import dumps, loads
>>> process = StrategyProcess(units=[Unit(id="it", name="IT")])
>>> loads(dumps(process)) == process
True
"""

from ._json import converter, dumps, loads, read_json, write_json

__all__ = [
    "converter",
    "dumps",
    "loads",
    "read_json",
    "write_json",
]
