"""The website marks quizzes as the notebooks do: every item of every week's quiz (and the
tour's), with the key, every wrong option and many ways of typing a number, goes through the
Python grader (components/grading.py) and the page script's grader (WB.grade in wb.js, run in
Node), and the two must agree on every verdict and on the feedback the learner reads."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pytest
from wb_node import call_wb

from workbook.components import _markdown as md
from workbook.components._files import week_objectives
from workbook.components.grading import answer_text, grade, ordering_start
from workbook.components.quiz import static_item_data
from workbook.content.quiz import MultipleItem, NumericItem, SingleItem, load_quiz
from workbook.paths import project_root

HOSTILE_NUMBERS = [
    "",
    "   ",
    "twelve",
    "1 2",
    "12 and 13",
    "1,2,3",
    "3 / 4",
    "12e3",
    "[5](https://evil.example)",
    "<img src=x onerror=alert(1)>5",
    "5 <b>",
    "--5",
    "5..",
]


def course_quizzes() -> list:
    """Every quiz the course ships, loaded and validated by the content loader."""
    root = project_root()
    quizzes = []
    for path in sorted(root.glob("weeks/week*/quiz.yaml")):
        week = int(re.fullmatch(r"week(\d+)", path.parent.name).group(1))
        quizzes.append(load_quiz(path, objectives=week_objectives(week)))
    quizzes.append(load_quiz(root / "book" / "tour-quiz.yaml"))
    return quizzes


def _fmt(x: float) -> str:
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def numeric_answers(item: NumericItem) -> list[str]:
    a, t, unit = item.answer, item.tolerance, (item.unit or "")
    step = max(t, abs(a) * 0.05, 0.5)
    values = [a, a + t, a - t, a + t + step, a - t - step, -a, a * 10, a / 10, 0]
    out = []
    for v in values:
        text = _fmt(v)
        out += [text, text.replace(".", ","), f" {text} "]
        if unit:
            out += [f"{text} {unit}", f"{text}{unit}", f"{unit} {text}", f"{text} {unit.upper()}"]
    key = _fmt(a)
    out += [key + " minutes", "\u2212" + _fmt(abs(a)), "£" + key, key + ".", key + "%"]
    if abs(a) >= 1000:
        whole, _, frac = f"{abs(a):,.2f}".partition(".")
        out += [f"{whole}.{frac}", whole.replace(",", " ") + "," + frac]
        out += [whole.replace(",", ".") + "," + frac]
    else:  # thousands written three ways, for a number near the key
        big = abs(a) * 1000 + 0.5
        whole = f"{int(big):,}"
        out += [whole, whole.replace(",", " "), whole.replace(",", ".") + ",5"]
    return list(dict.fromkeys(out + HOSTILE_NUMBERS))


def answers_for(item, seed) -> list:
    """The key, each wrong option, partial choices, orderings and many typed numbers."""
    if isinstance(item, SingleItem):
        return [None, *range(len(item.options))]
    if isinstance(item, MultipleItem):
        n, key = len(item.options), item.correct_indices
        wrong = [i for i in range(n) if i not in key]
        sets = [[], key, list(range(n))] + [[i] for i in range(n)]
        sets += [[k for k in key if k != drop] for drop in key]  # one right answer missed
        sets += [sorted([*key, w]) for w in wrong]  # one wrong answer added
        sets += [list(reversed(key)), key + key]  # order and repeats do not matter
        seen, out = set(), []
        for s in sets:
            if tuple(s) not in seen:
                seen.add(tuple(s))
                out.append(s)
        return out
    if isinstance(item, NumericItem):
        return numeric_answers(item)
    n = len(item.sequence)
    key = list(range(n))
    orders = [key, key[::-1], key[1:] + key[:1], key[-1:] + key[:-1], ordering_start(item, seed)]
    for i in range(n - 1):  # each neighbouring pair swapped
        swap = key.copy()
        swap[i], swap[i + 1] = swap[i + 1], swap[i]
        orders.append(swap)
    if n <= 5:
        orders += [list(p) for p in itertools.permutations(key)]
    return [list(o) for o in dict.fromkeys(tuple(o) for o in orders)]


class _Text(HTMLParser):
    """The text a reader sees; block elements separate words, inline ones do not."""

    BLOCKS = {"p", "div", "ul", "ol", "li", "br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs=None):
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        self.handle_starttag(tag)

    def handle_data(self, data):
        self.parts.append(data)


def visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def python_verdict(item, answer) -> dict:
    fb = grade(item, answer)
    out = {"answered": fb.answered, "correct": fb.correct, "text": visible(md.render(fb.message))}
    if fb.answered:
        out["score"] = round(fb.score, 9)
        out["answer"] = answer_text(item, answer)
    return out


def js_verdict(r: dict) -> dict:
    out = {"answered": r["answered"], "correct": r["correct"]}
    html = [f"<p>{md.escape(r['head'])}</p>"] if r["head"] else []
    if r["answered"]:
        out["score"] = round(r["score"], 9)
        for block in r["blocks"]:
            if "html" in block:
                html.append(block["html"])
            else:
                html += [
                    f"<li><em>{md.escape(row['label'])}</em>{md.escape(row['note'])}{row['html']}"
                    for row in block["list"]
                ]
        out["answer"] = r["answer"]
    out["text"] = visible("".join(html))
    return out


def test_every_course_item_is_marked_the_same_by_python_and_the_page_script():
    quizzes = course_quizzes()
    assert len(quizzes) >= 2, "expected at least one week's quiz and the tour's"
    cases = [
        (q.id, item, answer)
        for q in quizzes
        for item in q.items
        for answer in answers_for(item, q.shuffle_seed)
    ]
    results = call_wb([("grade", [static_item_data(item), answer]) for _, item, answer in cases])
    mismatches = []
    kinds = set()
    for (quiz_id, item, answer), r in zip(cases, results, strict=True):
        py, js = python_verdict(item, answer), js_verdict(r)
        kinds.add((item.type, py["answered"], py["correct"]))
        if py != js:
            mismatches.append(f"{quiz_id} {item.id} {answer!r}:\n  python {py}\n  script {js}")
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ:\n" + "\n".join(
        mismatches[:3]
    )
    # the answers reach every outcome: right, wrong and unreadable, for every item type
    types = {item.type for q in quizzes for item in q.items}
    for t in types:
        assert (t, True, True) in kinds and (t, True, False) in kinds, t
    assert ("numeric", False, False) in kinds and ("single", False, False) in kinds
    n_items = sum(len(q.items) for q in quizzes)
    assert len(cases) >= 10 * n_items


@pytest.mark.parametrize(
    "answer", ["5,2", "5.2 %", "5.4", "5.41", "4.99", "1,234.5", "1.234,5", "1 234,5"]
)
def test_numbers_with_units_and_comma_decimals_agree(quiz_file, answer):
    """The sample quiz's numeric item (12.5 ± 0.5 %) on a few hand-picked spellings."""
    item = load_quiz(quiz_file).item("t-q3")
    [r] = call_wb([("grade", [static_item_data(item), answer])])
    assert js_verdict(r) == python_verdict(item, answer)
