"""reform_xlsx: run a city's administrative-reform plan through Excel.

The library never prints and never exits; ``reform_xlsx.cli`` does both.
"""

__version__ = "0.2.0"
