"""What readers see from code cells: ModelAnswer (computed numbers, closed until opened, the
same in JupyterLab and on the website, sources in full) and Table (no index, percentages,
escaped)."""

from __future__ import annotations

import pandas as pd
import pytest

from workbook.cases import ModelAnswer
from workbook.cases._answer import reference_text
from workbook.results import Table


def test_model_answer_is_a_closed_details_element_with_safe_markdown():
    answer = ModelAnswer("w01-s06-q9", "**5** trusts <script>x</script>\n\n- one\n- two")
    bundle = answer._repr_mimebundle_()
    page = bundle["text/html"]
    assert page.startswith('<details class="wb-component wb-answer" id="wb-w01-s06-q9">')
    assert " open" not in page.split(">")[0]  # hidden until the reader opens it
    assert "<summary>Model answer</summary>" in page
    assert "<strong>5</strong>" in page and "<ul><li>one</li><li>two</li></ul>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "application/vnd.jupyter.widget-view+json" not in bundle  # works with no kernel
    assert bundle["text/plain"].startswith("Model answer:\n\n5 trusts")


def test_model_answer_lists_its_sources_in_full_from_the_bibliography():
    answer = ModelAnswer("w01-s06-q9", "Text.", cite=["Spiegelhalter2005", "Anhoj2014"])
    assert answer.sources == [
        "Spiegelhalter DJ. Funnel plots for comparing institutional performance. Statistics "
        "in Medicine. 2005;24(8):1185–1202. doi:10.1002/sim.1970",
        reference_text("Anhoj2014"),
    ]
    assert reference_text("Anhoj2014").startswith("Anhøj J, Olesen AV. Run charts revisited")
    assert "Sources:\n- Spiegelhalter DJ." in answer.to_text()


def test_model_answer_refuses_unknown_sources_bad_ids_and_empty_text():
    with pytest.raises(ValueError, match="no entry 'Nobody1999' in references.bib"):
        ModelAnswer("w01-s06-q9", "Text.", cite=["Nobody1999"])
    with pytest.raises(ValueError, match="must look like w01-s06-q1"):
        ModelAnswer("question one", "Text.")
    with pytest.raises(ValueError, match="empty"):
        ModelAnswer("w01-s06-q9", "  \n")


def test_table_has_no_index_and_formats_for_people():
    frame = pd.DataFrame(
        {"provider_id": ["T01", "<T02>"], "events": [3198, 12], "rate": [0.138580, 0.05]},
        index=[17, 42],
    )
    table = Table(frame, percent=["rate"], names={"provider_id": "Trust", "rate": "Rate"})
    page = table._repr_html_()
    assert "17" not in page and "42" not in page  # no index
    assert "13.9%" in page and "5.0%" in page and "0.13858" not in page
    assert "3,198" in page and "&lt;T02&gt;" in page
    assert '<th scope=col style="text-align:left;padding:.2em .8em">Trust</th>' in page
    text = repr(table).splitlines()
    assert text[0].split() == ["Trust", "events", "Rate"]
    assert text[2].split() == ["T01", "3,198", "13.9%"]


def test_table_names_a_missing_column():
    with pytest.raises(ValueError, match="no column 'rates'"):
        Table(pd.DataFrame({"rate": [0.1]}), percent=["rates"])
