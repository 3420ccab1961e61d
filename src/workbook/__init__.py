"""Leadership for Healthcare Improvement: the interactive workbook.

The package behind the course's notebooks, the published book and the educators' tools.
Importing :mod:`workbook` is deliberately light: heavy libraries (pandas, matplotlib,
ipywidgets, networkx, simpy) are imported by the subpackages that need them, when used.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("workbook")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
