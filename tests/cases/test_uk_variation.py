"""The "Unwarranted variation in the UK" case: generator, data, dictionary, loader, explorer.

Funnel limits follow Spiegelhalter (2005), Stat Med 24:1185-1202 (p0 ± z·sqrt(p0(1-p0)/n),
z = 3.09 for 99.8%); run-chart signals follow the Anhøj rules (Anhøj & Olesen 2014,
PLoS ONE 9:e113825) as implemented in workbook.qi.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from workbook import qi
from workbook.cases import uk_variation as uv

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "case_studies" / "uk-variation"
DATA = CASE / "data"
CSV_FILES = (
    "indicators.csv",
    "providers.csv",
    "monthly.csv",
    "answer_key.csv",
    "providers_overdispersed.csv",
)
NOTEBOOK = ROOT / "weeks" / "week01" / "06-variation-exercise.ipynb"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "uk_variation_generator", CASE / "generate_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the module runs
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.fixture(scope="module")
def generator():
    return _generator()


@pytest.fixture
def fake_root(tmp_path) -> Path:
    """A throw-away project root holding a copy of the case data, to damage in tests."""
    (tmp_path / "_toc.yml").write_text("root: x\n", encoding="utf-8")
    (tmp_path / "weeks").mkdir()
    target = tmp_path.joinpath(*uv.DATA_PARTS)
    target.mkdir(parents=True)
    for name in CSV_FILES:
        shutil.copy(DATA / name, target / name)
    return tmp_path


# -- the generator ----------------------------------------------------------------------------
def test_generator_reproduces_the_committed_files_byte_for_byte(generator, tmp_path):
    generator.write_all(tmp_path)
    for name in CSV_FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_a_different_seed_gives_different_data(generator, tmp_path):
    generator.write_all(tmp_path, seed=generator.SEED + 1)
    assert (tmp_path / "monthly.csv").read_bytes() != (DATA / "monthly.csv").read_bytes()


# -- the data against the dictionary ----------------------------------------------------------
def _dictionary_columns() -> dict[str, list[str]]:
    """Columns listed in data/README.md under each '### `file.csv`' heading."""
    text = (DATA / "README.md").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for block in re.split(r"^### ", text, flags=re.M)[1:]:
        name = re.match(r"`([^`]+\.csv)`", block)
        if not name:
            continue
        section = block.split("\n## ")[0]
        out[name.group(1)] = re.findall(r"^\| `([a-z_0-9]+)` \|", section, flags=re.M)
    return out


def test_every_file_has_exactly_the_columns_the_dictionary_lists():
    documented = _dictionary_columns()
    assert set(documented) == set(CSV_FILES)
    for name in CSV_FILES:
        header = (DATA / name).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == documented[name], name
        assert list(uv.SCHEMAS[name]) == documented[name], name


def test_dictionary_says_synthetic_licence_and_sources():
    text = (DATA / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in text.splitlines()[0]
    assert "CC BY 4.0" in text
    for key in uv.indicators()["calibration_source"]:
        assert f"`{key}`" in text


def test_calibration_sources_are_in_the_bibliography_with_doi_or_url():
    from workbook.content.bibliography import load_bibliography

    data, _ = load_bibliography(CASE.parents[1] / "book" / "references.bib")
    for key in uv.indicators()["calibration_source"]:
        fields = data.entries[key].fields
        assert fields.get("doi") or fields.get("url"), key


def test_common_rates_are_the_cited_figures():
    rates = uv.indicators().set_index("indicator_id")["common_rate"]
    assert rates["readmit30"] == pytest.approx(0.138)  # NHS Digital 2019: 13.8% in 2017/18
    # Tsang et al. 2017: 6.40% of 4,044 and 5.36% of 3,861 patients, pooled
    pooled = (0.0640 * 4044 + 0.0536 * 3861) / (4044 + 3861)
    assert rates["hipfx_mort30"] == pytest.approx(pooled, abs=0.0005)


def test_ranges_and_shape():
    providers = uv.load_providers()
    monthly = uv.load_monthly()
    assert (providers["events"] <= providers["denominator"]).all()
    assert (monthly["events"] <= monthly["denominator"]).all()
    assert (monthly["denominator"] > 0).all()
    assert providers.groupby("indicator_id").size().to_dict() == {
        "hipfx_mort30": 60,
        "readmit30": 60,
    }
    per_series = monthly.groupby(["indicator_id", "provider_id"])["month"]
    assert (per_series.size() == 36).all()
    assert per_series.min().eq(pd.Timestamp("2015-04-01")).all()
    assert per_series.max().eq(pd.Timestamp("2018-03-01")).all()
    assert set(providers["period"]) == {"2017/18"}
    assert (providers["rate"] - providers["events"] / providers["denominator"]).abs().max() < 1e-6
    # The ranges the dictionary states for the annual denominators.
    readmit = providers[providers["indicator_id"] == "readmit30"]["denominator"]
    hip = providers[providers["indicator_id"] == "hipfx_mort30"]["denominator"]
    assert readmit.min() >= 6000 and readmit.max() <= 70000
    assert hip.min() >= 200 and hip.max() <= 800


def test_annual_counts_are_the_sum_of_the_last_twelve_months():
    monthly = uv.load_monthly()
    last_year = monthly[monthly["month"] >= pd.Timestamp("2017-04-01")]
    sums = last_year.groupby(["indicator_id", "provider_id"])[["events", "denominator"]].sum()
    annual = uv.load_providers().set_index(["indicator_id", "provider_id"])
    pd.testing.assert_frame_equal(
        sums.sort_index(), annual[["events", "denominator"]].sort_index(), check_dtype=False
    )


def test_answer_key_in_the_dictionary_matches_the_file():
    text = (DATA / "README.md").read_text(encoding="utf-8")
    section = text.split("## Answer key")[1].split("\n## ")[0]
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \| (T\d\d) \|", section, flags=re.M))
    key = uv.answer_key()
    assert documented == set(zip(key["indicator_id"], key["provider_id"], strict=True))


# -- the planted patterns, checked with workbook.qi -------------------------------------------
@pytest.mark.parametrize("indicator", ["readmit30", "hipfx_mort30"])
def test_documented_outliers_are_outside_and_common_cause_inside_the_998_limits(indicator):
    positions = uv.funnel_positions(uv.funnel_for(indicator)).set_index("provider_id")
    key = uv.answer_key()
    key = key[key["indicator_id"] == indicator].set_index("provider_id")
    for provider, expected in key["expected_funnel"].items():
        if expected != "unspecified":
            assert positions.loc[provider, "position"] == expected, provider
    common = positions.drop(index=key.index)
    assert len(common) >= 50
    assert common["position"].isin(["inside_95", "between_95_99.8"]).all()


def test_step_changes_signal_on_the_run_chart_and_a_stable_outlier_does_not():
    key = uv.answer_key()
    steps = key[key["pattern"].str.startswith("step_")]
    assert len(steps) >= 2
    for row in steps.itertuples():
        assert uv.run_chart_for(row.indicator_id, row.provider_id).signal, row.provider_id
    # T07 (readmissions) is a stable process at a higher level: no run-chart signal.
    assert not uv.run_chart_for("readmit30", "T07").signal


# -- the over-dispersed variant ----------------------------------------------------------------
def test_overdispersed_variant_keeps_the_trusts_and_sizes_and_varies_more_than_chance():
    plain = uv.load_providers("readmit30").set_index("provider_id")
    over = uv.load_overdispersed("readmit30").set_index("provider_id")
    assert list(over.index) == list(plain.index)
    assert (over["denominator"] == plain["denominator"]).all()
    assert (over["events"] != plain["events"]).any()
    # Pearson phi well above 1: more spread than binomial chance; chance-only trusts near 1
    adjusted = qi.funnel(over["events"], over["denominator"], overdispersion=True)
    key = uv.answer_key()
    common = plain.drop(index=key.loc[key["indicator_id"] == "readmit30", "provider_id"])
    baseline = qi.funnel(common["events"], common["denominator"], overdispersion=True)
    assert adjusted.phi > 3
    assert baseline.phi < 1.5
    # the documented spread (sd 0.55 points) is what the generator uses
    assert "0.55 percentage points" in (DATA / "README.md").read_text(encoding="utf-8")


def test_overdispersed_seed_is_separate_so_the_main_files_do_not_depend_on_it(generator, tmp_path):
    rows = generator.simulate()[1]
    a = generator.overdispersed(rows)
    b = generator.overdispersed(rows, seed=generator.OVERDISPERSED_SEED + 1)
    assert [r["events"] for r in a] != [r["events"] for r in b]
    assert [r["denominator"] for r in a] == [r["denominator"] for r in b]


# -- loader errors: one located line each (file:line: column: message) -------------------------
def _rel(root: Path, name: str) -> str:
    return str(root.joinpath(*uv.DATA_PARTS, name))


def test_missing_column_names_the_file_and_column(fake_root):
    path = fake_root.joinpath(*uv.DATA_PARTS, "providers.csv")
    table = pd.read_csv(path).drop(columns=["events"])
    table.to_csv(path, index=False)
    with pytest.raises(uv.CaseDataError) as exc:
        uv.load_providers(root=fake_root)
    assert exc.value.line == 1 and exc.value.field == "events"
    assert "column 'events' is missing" in str(exc.value)
    assert str(exc.value).startswith(_rel(fake_root, "providers.csv") + ":1: events: ")


def test_bad_count_names_file_column_and_line(fake_root):
    path = fake_root.joinpath(*uv.DATA_PARTS, "monthly.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    parts = lines[3].split(",")
    parts[3] = "12.5"
    lines[3] = ",".join(parts)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(uv.CaseDataError) as exc:
        uv.load_monthly(root=fake_root)
    assert str(exc.value).startswith(
        _rel(fake_root, "monthly.csv") + ":4: events: '12.5' is not a whole number"
    )
    assert isinstance(exc.value, ValueError)  # callers that caught ValueError still do


def test_events_above_denominator_is_refused(fake_root):
    path = fake_root.joinpath(*uv.DATA_PARTS, "providers.csv")
    table = pd.read_csv(path, dtype=str)
    table.loc[2, "events"] = str(int(table.loc[2, "denominator"]) + 1)
    table.to_csv(path, index=False)
    with pytest.raises(uv.CaseDataError, match=r"providers\.csv:4: events: .*denominator"):
        uv.load_providers(root=fake_root)


def test_bad_date_and_bad_proportion_name_their_columns(fake_root):
    folder = fake_root.joinpath(*uv.DATA_PARTS)
    key = pd.read_csv(folder / "answer_key.csv", dtype=str)
    key.loc[0, "change_month"] = "April 2015"
    key.to_csv(folder / "answer_key.csv", index=False)
    with pytest.raises(uv.CaseDataError, match=r"answer_key\.csv:2: change_month: 'April 2015'"):
        uv.answer_key(root=fake_root)
    ind = pd.read_csv(folder / "indicators.csv", dtype=str)
    ind.loc[1, "common_rate"] = "5.9"
    ind.to_csv(folder / "indicators.csv", index=False)
    with pytest.raises(uv.CaseDataError, match=r"indicators\.csv:3: common_rate: '5\.9' is not a"):
        uv.indicators(root=fake_root)


def test_unknown_indicator_in_a_data_file_is_located(fake_root):
    path = fake_root.joinpath(*uv.DATA_PARTS, "providers.csv")
    table = pd.read_csv(path, dtype=str)
    table.loc[5, "indicator_id"] = "readmit90"
    table.to_csv(path, index=False)
    with pytest.raises(uv.CaseDataError, match=r"providers\.csv:7: indicator_id: 'readmit90'"):
        uv.load_providers(root=fake_root)


def test_missing_file_and_unknown_choices_are_explained(fake_root):
    fake_root.joinpath(*uv.DATA_PARTS, "monthly.csv").unlink()
    with pytest.raises(uv.CaseDataError, match=r"monthly\.csv: the file is missing; .*generate"):
        uv.load_monthly(root=fake_root)
    with pytest.raises(ValueError, match="unknown indicator 'readmissions'.*readmit30"):
        uv.load_providers("readmissions")
    with pytest.raises(ValueError, match="unknown provider 'T99'"):
        uv.load_monthly("readmit30", "T99")


def test_the_data_side_does_not_import_ipywidgets():
    code = (
        "import sys; from workbook.cases import uk_variation as uv; uv.load_providers(); "
        "uv.funnel_for('readmit30'); print('ipywidgets' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]


# -- the live explorer (headless) ----------------------------------------------------------------
def test_explorer_redraws_when_the_provider_changes():
    view = uv.VariationExplorer().view
    assert (view.indicator, view.provider) == (uv.DEFAULT_INDICATOR, uv.DEFAULT_PROVIDER)
    before_funnel = view._funnel_view.value
    before_run = view._run_view.value
    assert "T41" in view.summary_html and "above the 99.8% limit" in view.summary_html
    view._provider.value = "T07"
    assert view.provider == "T07"
    assert "<strong>T07</strong>" in view.summary_html
    assert view._funnel_view.value != before_funnel
    assert 'alt="' in view._funnel_view.value and "T07, is ringed" in view._funnel_view.value
    assert view._run_view.value != before_run
    assert "no signal" in view.summary_html  # T07 is stable (see the answer key)


def test_explorer_redraws_when_the_indicator_changes():
    view = uv.VariationExplorer(provider="T33").view
    readmit_target = view.funnel.target
    view._indicator.value = "hipfx_mort30"
    assert view.indicator == "hipfx_mort30"
    assert view.funnel.target != readmit_target
    assert "hip fracture" in view.summary_html
    assert "T33" in view.summary_html and "above the 99.8% limit" in view.summary_html


def test_explorer_refuses_unknown_choices():
    with pytest.raises(ValueError, match="unknown provider 'X1'"):
        uv.VariationExplorer(provider="X1")
    with pytest.raises(ValueError, match="unknown indicator"):
        uv.VariationExplorer(indicator="nope")


# -- packaging and the notebook ------------------------------------------------------------------
def test_importing_the_cases_package_stays_light():
    code = "import sys, workbook.cases; print('pandas' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_notebook_shape():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = nb.cells
    assert cells[0].cell_type == "markdown"
    assert cells[0].source.splitlines()[0] == "# Exercise: is this variation unwarranted?"
    assert all(
        not c.get("outputs") and c.get("execution_count") is None
        for c in cells
        if c.cell_type == "code"
    )
    names = {c.metadata.get("mystnb", {}).get("figure", {}).get("name") for c in cells}
    assert {"fig-w01-funnel", "fig-w01-run-chart"} <= names
    for c in cells:
        if "mystnb" in c.metadata:
            assert c.metadata["mystnb"]["image"]["alt"]
    last = cells[-1]
    assert last.source.strip() == 'MarkComplete("w01-s06")'
    assert "remove-input" in last.metadata["tags"]
    setup = [
        c
        for c in cells
        if c.cell_type == "code"
        and "import" in c.source
        and "remove-input" in c.metadata.get("tags", [])
    ]
    assert len(setup) == 1
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert "synthetic" in text.lower()
    # numbers reach the learner as code-cell output, never as {glue} placeholders that
    # JupyterLab shows raw
    assert "{glue" not in "\n".join(c.source for c in cells)
    answers = [c for c in cells if c.cell_type == "code" and c.source.startswith("ModelAnswer(")]
    assert len(answers) >= 5
    assert all("remove-input" in c.metadata.get("tags", []) for c in answers)
    ids = re.findall(r'ModelAnswer\(\s*"([^"]+)"', "\n".join(c.source for c in answers))
    assert len(ids) == len(set(ids)) == len(answers)


def test_exercise_teaches_over_dispersion_and_keeps_educators_notes_out():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "over-dispersion" in text.lower()
    assert "{cite}`Spiegelhalter2005`" in text
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "uv.load_overdispersed(" in code and "overdispersion=True" in code
    # the answer key stays in the data dictionary, for educators
    assert "educators" not in text.lower()
    key = uv.answer_key()
    planted = sorted(set(key["provider_id"]))
    assert not re.search(r"special[- ]cause patterns?", text)
    for provider in planted:
        assert f"{provider} was given" not in text and f"{provider} was built" not in text
    assert "unremarkable" not in (text + code)
