"""PDSA cycle log: round trip through dicts and through a real Journal on a temporary path."""

from __future__ import annotations

import pytest

from workbook.journal import Journal
from workbook.qi import PDSA


def _cycle(**kw) -> PDSA:
    fields = {
        "cycle_id": "discharge-lounge-1",
        "change": "Use the discharge lounge from 10:00",
        "measure": "Beds free by noon (%)",
        "plan": "Ward 7 for one week",
        "prediction": "Beds free by noon rise from 20% to 35%",
    }
    fields.update(kw)
    return PDSA(**fields)


def test_to_dict_and_from_dict_round_trip():
    cycle = _cycle(do="Ran Mon-Fri", study="Rose to 31%", act="Extend to ward 8", decision="Adapt")
    data = cycle.to_dict()
    assert data["version"] == 1 and data["decision"] == "adapt"
    assert PDSA.from_dict(data) == cycle


def test_stage_follows_what_is_filled_in():
    c = PDSA(cycle_id="c1")
    assert c.stage == "plan"
    assert c.missing()[:2] == ["change", "measure"]
    c = _cycle()
    assert c.stage == "do"
    c = _cycle(do="done", study="studied", act="act", decision="adopt")
    assert c.stage == "complete"
    assert c.missing() == []


def test_save_and_load_all_with_a_real_journal(tmp_path):
    """Saving twice keeps history in the journal; load_all returns the latest of each cycle in
    the order the cycles were first saved."""
    journal = Journal(tmp_path / "journal.sqlite3")
    first = _cycle()
    first.save(journal)
    _cycle(cycle_id="discharge-lounge-2", builds_on="discharge-lounge-1").save(journal)
    updated = _cycle(do="Ran Mon-Fri", study="Rose to 31%")
    updated.save(journal)
    assert len(journal.records("pdsa", "discharge-lounge-1")) == 2
    loaded = PDSA.load_all(journal)
    assert [c.cycle_id for c in loaded] == ["discharge-lounge-1", "discharge-lounge-2"]
    assert loaded[0] == updated
    assert loaded[1].builds_on == "discharge-lounge-1"


def test_bad_fields():
    with pytest.raises(ValueError, match="cycle_id"):
        PDSA(cycle_id="my cycle!")
    with pytest.raises(ValueError, match="decision"):
        PDSA(cycle_id="c1", decision="maybe")
    with pytest.raises(TypeError, match=r"PDSA.plan must be text"):
        PDSA(cycle_id="c1", plan=3)
    with pytest.raises(ValueError, match="unknown field"):
        PDSA.from_dict({"cycle_id": "c1", "colour": "red"})


def test_markdown_has_every_stage():
    text = _cycle().to_markdown()
    for label in ("Plan", "Prediction", "Do", "Study", "Act"):
        assert f"**{label}:**" in text
    assert "(not yet written)" in text
