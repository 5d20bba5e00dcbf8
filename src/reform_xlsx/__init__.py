"""reform_xlsx: run a city's administrative-reform plan through Excel.

The library never prints and never exits; ``reform_xlsx.cli`` does both.
"""

__version__ = "0.1.0"
