"""Reading and writing strategy processes: JSON, and importers of other tools' exports.

>>> from ownership import StrategyProcess, Unit
>>> from ownership.io import dumps, loads
>>> process = StrategyProcess(units=[Unit(id="it", name="IT")])
>>> loads(dumps(process)) == process
True
"""

from ._files import Format
from ._json import converter, dumps, loads, read_json, write_json
from ._polis import read_polis

__all__ = [
    "Format",
    "converter",
    "dumps",
    "loads",
    "read_json",
    "read_polis",
    "write_json",
]
