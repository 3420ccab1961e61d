"""The Kenya network case: the synthetic data reproduce the published figures they claim to."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from workbook import networks
from workbook.cases import kenya_cin as k
from workbook.errors import LocatedError


def test_growth_reproduces_the_published_counts_at_the_published_dates():
    steps = k.growth()
    dated = steps[steps["join_date_published"]]
    counts = {
        d.strftime("%Y-%m"): n for d, n in zip(dated["joined"], dated["hospitals"], strict=True)
    }
    assert counts["2013-09"] == 8
    assert counts["2014-02"] == 14
    assert [n for d, n in counts.items() if d.startswith("2018")] == [19]
    assert [n for d, n in counts.items() if d.startswith("2021")] == [22]
    # 16 was published without a date: it sits between 14 and 19 and is marked undated.
    undated = steps[~steps["join_date_published"]]
    assert list(undated["hospitals"]) == [16]
    assert len(k.hospitals_at("2014-03-01")) == 14
    assert len(k.hospitals_at("2030-01-01")) == 22
    assert k.hospitals_at("2013-01-01") == []


def test_mortality_reproduces_the_published_total_rate_and_range():
    m = k.load_mortality()
    assert len(m) == 13
    assert m["admissions"].sum() == 30_042
    assert m["deaths"].sum() == 1_808
    rates = m["deaths"] / m["admissions"]
    assert abs(m["deaths"].sum() / m["admissions"].sum() - 0.06) < 0.001
    assert abs(rates.min() - 0.025) < 0.001
    assert abs(rates.max() - 0.111) < 0.001


def test_the_published_spread_of_mortality_is_far_wider_than_chance():
    plain = k.mortality_funnel()
    adjusted = k.mortality_funnel(overdispersion=True)
    outside_plain = (plain.data["outside_998"] != "").sum()
    outside_adjusted = (adjusted.data["outside_998"] != "").sum()
    assert outside_plain >= 4  # over-dispersed: many hospitals beyond the 99.8% limits
    assert outside_adjusted < outside_plain
    assert (
        plain.summary()["overdispersion_adjusted"] is False
        or not plain.summary()["overdispersion_adjusted"]
    )
    assert adjusted.summary()["phi"] > 5  # far more spread than binomial chance


def test_feedback_data_have_34_indicators_of_which_24_improve():
    ind = k.load_indicators()
    assert len(ind) == 34
    assert ind["improves"].sum() == 24
    adherence = k.load_adherence()
    assert adherence["hospital"].nunique() == 14
    assert adherence["month"].max() == 25
    assert (adherence["met"] <= adherence["eligible"]).all()


def test_run_charts_find_signals_in_the_indicators_built_to_improve():
    s = k.indicator_signals()
    built = s[s["improves"]]
    flat = s[~s["improves"]]
    # Every indicator built to improve shows a run-chart signal and a rise; most flat ones show neither.
    assert built["signal"].mean() >= 0.9
    assert (built["change"] > 0).all()
    assert flat["signal"].mean() <= 0.3


def test_the_invented_advice_network_and_diffusion():
    g = k.advice_graph()
    assert g.number_of_nodes() == 45
    roles = {d["role"] for _, d in g.nodes(data=True)}
    assert {"paediatrician", "nurse lead", "health-records officer", "network coordinator"} <= roles
    curves, summary = k.seeding_comparison(g, replications=5)
    again, _ = k.seeding_comparison(g, replications=5)
    pd.testing.assert_frame_equal(curves, again)
    pivot = summary.pivot(index="strategy", columns="model", values="mean_share")
    assert (pivot["complex"] <= pivot["simple"] + 1e-12).all()
    assert networks.cut_vertices(g) is not None


def test_the_generator_rewrites_the_committed_files_exactly(tmp_path, repo_root):
    case = repo_root / "case_studies" / "kenya-cin"
    copy = tmp_path / "kenya-cin"
    shutil.copytree(case, copy)
    subprocess.run(
        [sys.executable, str(copy / "generate_data.py")], check=True, capture_output=True
    )
    for name in ("hospitals", "mortality", "indicators", "adherence", "people", "advice"):
        assert (copy / "data" / f"{name}.csv").read_bytes() == (
            case / "data" / f"{name}.csv"
        ).read_bytes()


def test_a_bad_cell_names_the_file_line_and_column(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(k.data.data_dir(), folder)
    lines = (folder / "mortality.csv").read_text().splitlines()
    lines[3] = lines[3].split(",")[0] + ",many,3"
    (folder / "mortality.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(LocatedError) as info:
        k.load_mortality(folder)
    assert info.value.line == 4 and info.value.field == "admissions"
    lines[3] = lines[3].split(",")[0] + ",10,30"
    (folder / "mortality.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(LocatedError, match="more deaths than admissions"):
        k.load_mortality(folder)
    (folder / "people.csv").unlink()
    with pytest.raises(LocatedError, match="the file is missing"):
        k.load_people(folder)
