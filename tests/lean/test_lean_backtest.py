"""Back test: the model still gives the results it gave when ``data/backtest.csv`` was made.

The CSV was produced by this model (not by any hospital): a 30-day run of each flow design
with seed 2024. After an intended change to the model, regenerate it from the repository root
with ``python tests/lean/test_lean_backtest.py --regenerate`` and say in the commit why the numbers
moved.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from workbook.lean import Scenario, single_run

DATA = Path(__file__).parent / "data" / "backtest.csv"
SEED = 2024
HEADER = (
    "# Expected results produced by workbook.lean itself (synthetic; not hospital data):\n"
    "# one 30-day run of each flow design with seed 2024 and otherwise default parameters.\n"
    "# Regenerate after an intended model change: python tests/lean/test_lean_backtest.py --regenerate\n"
)


def current() -> pd.DataFrame:
    frames = []
    for flow in ("single_queue", "streaming"):
        summary = single_run(Scenario(flow=flow, run_length_days=30), SEED).summary()
        frames.append(
            pd.DataFrame({"flow": flow, "measure": summary.index, "value": summary.values})
        )
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def stored() -> pd.DataFrame:
    return pd.read_csv(DATA, comment="#")


def test_stored_results_cover_both_designs(stored):
    assert set(stored["flow"]) == {"single_queue", "streaming"}
    assert stored.groupby("flow").size().min() >= 10


def test_model_reproduces_stored_results(stored):
    got = current()
    assert list(got["measure"]) == list(stored["measure"])
    pd.testing.assert_series_equal(got["value"], stored["value"], rtol=1e-6, check_dtype=False)


if __name__ == "__main__":
    if sys.argv[1:] != ["--regenerate"]:
        sys.exit("usage: python tests/lean/test_lean_backtest.py --regenerate")
    DATA.write_text(HEADER + current().to_csv(index=False, float_format="%.12g"), encoding="utf-8")
    print(f"wrote {DATA.name}")
