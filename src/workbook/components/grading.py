"""Grading quiz answers: pure logic, no widgets, so it is unit-tested on its own.

``grade(item, answer) -> Feedback`` for the four item types. Answers are:
- single: the index of the chosen option (in the file's order), or None;
- multiple: an iterable of chosen option indices;
- numeric: what the learner typed (str) or a number;
- ordering: the learner's order, as a list of the entries' texts or of their indices in
  the correct ``sequence``.
Learner slips (nothing chosen, "twelve") give a helpful Feedback, not an exception;
programming errors (a list for a single-choice item) raise TypeError.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from workbook.components._markdown import to_plain
from workbook.content.quiz import MultipleItem, NumericItem, OrderingItem, SingleItem
from workbook.markup import md_escape

__all__ = [
    "Feedback",
    "Score",
    "grade",
    "parse_number",
    "option_order",
    "ordering_start",
    "summarise",
    "answer_text",
]


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer. ``message`` is course Markdown (render it safely).

    ``answered`` is False when the input could not be marked (nothing chosen, not a number);
    such tries are not recorded as attempts.
    """

    correct: bool
    message: str
    score: float
    answered: bool = True


@dataclass(frozen=True)
class Score:
    answered: int
    correct: int
    total: int

    @property
    def text(self) -> str:
        if self.answered == 0:
            return f"{self.total} question{'s' if self.total != 1 else ''}; none answered yet."
        return f"{self.correct} of {self.total} correct ({self.answered} answered)."


def summarise(results: Mapping[str, Feedback], total: int) -> Score:
    """Score summary from the latest Feedback per item id."""
    answered = [f for f in results.values() if f.answered]
    return Score(len(answered), sum(1 for f in answered if f.correct), total)


# ---------------------------------------------------------------- numbers
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_GROUPED = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$")


def _echo(text: object) -> str:
    """What the learner typed, quoted in a Feedback message (Markdown) so it shows literally:
    a typed link or tag stays text in the live widget."""
    return "‘" + md_escape(str(text).strip(), inline=True) + "’"


def _fail(text: str, unit: str | None) -> str:
    hint = f" (the unit {unit} is optional)" if unit else ""
    return (
        f"I could not read {_echo(text)} as a number. Type digits, for example 12.5 or 12,5{hint}."
    )


def parse_number(text: object, unit: str | None = None) -> tuple[float | None, str]:
    """Read a learner's number: ``(value, "")`` or ``(None, helpful message)``.

    Accepts a unit (the item's own, a trailing %, a currency sign or trailing words such as
    "minutes"), comma decimals ("12,5"), and thousands written "1 234", "1,234" or
    "1,234.5" / "1.234,5" (the last separator is the decimal one when both appear).
    """
    if isinstance(text, bool):
        raise TypeError("a numeric answer is text or a number, not True/False")
    if isinstance(text, (int, float)):
        return (float(text), "") if math.isfinite(text) else (None, _fail(str(text), unit))
    if text is None:
        return None, "Type a number first."
    if not isinstance(text, str):
        raise TypeError(f"a numeric answer is text or a number, not {type(text).__name__}")
    s = text.strip().replace("\u2212", "-").replace("\u2013", "-")
    if not s:
        return None, "Type a number first."
    if unit and unit.strip():
        u = unit.strip()
        low = s.lower()
        if low.endswith(u.lower()):
            s = s[: -len(u)].strip()
        elif low.startswith(u.lower()):
            s = s[len(u) :].strip()
    m = re.match(r"^([-+]?)\s*[£$€]?\s*([-+]?)([0-9][0-9.,\s\u00a0\u202f\u2009']*)(.*)$", s)
    if not m:
        return None, _fail(text, unit)
    sign = "-" if "-" in (m.group(1) + m.group(2)) else ""
    body, rest = m.group(3).strip(), m.group(4).strip()
    # what follows the digits may only be a unit-like word or %, never more digits
    if rest and not re.fullmatch(r"[%‰°]?\s*[^\W\d_]*(?:[\s/.][^\W\d_]+)*\.?", rest):
        return None, _fail(text, unit)
    body = body.rstrip(".,")
    if _SPACES.search(body):
        groups = _SPACES.split(body)
        if not all(re.fullmatch(r"\d{3}(?:[.,]\d+)?", g) for g in groups[1:]) or not re.fullmatch(
            r"\d{1,3}", groups[0]
        ):
            return None, (
                f"{_echo(text)} looks like more than one number. Type one number, "
                "for example 1234.5."
            )
        body = "".join(groups)
    has_comma, has_dot = "," in body, "." in body
    if has_comma and has_dot:
        dec = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if dec == "," else ","
        whole, _, frac = body.rpartition(dec)
        if not (_GROUPED.match(whole.replace(thousands, ",")) or whole.isdigit()):
            return None, _fail(text, unit)
        body = whole.replace(thousands, "") + "." + frac
    elif has_comma:
        if body.count(",") > 1 or _GROUPED.match(body):
            if not _GROUPED.match(body):
                return None, _fail(text, unit)
            body = body.replace(",", "")  # 1,234 and 1,234,567: thousands
        else:
            body = body.replace(",", ".")  # 12,5: a decimal comma
    elif body.count(".") > 1:
        if not _GROUPED.match(body):
            return None, _fail(text, unit)
        body = body.replace(".", "")  # 1.234.567: thousands
    try:
        value = float(sign + body)
    except ValueError:
        return None, _fail(text, unit)
    return value, ""


# ---------------------------------------------------------------- order of options
def option_order(item, seed: int | None) -> list[int]:
    """Display order of an item's options: shuffled, stably, only when ``seed`` is an int."""
    n = len(getattr(item, "options", []))
    order = list(range(n))
    if isinstance(seed, int) and not isinstance(seed, bool):
        random.Random(f"{seed}:{item.id}").shuffle(order)
    return order


def ordering_start(item: OrderingItem, seed: int | None = None) -> list[int]:
    """The order an ordering item starts in (indices into ``sequence``), never the answer.

    Stable: derived from the quiz's seed when given, else from the item's id.
    """
    order = list(range(len(item.sequence)))
    key = f"{seed}:{item.id}" if isinstance(seed, int) and not isinstance(seed, bool) else item.id
    random.Random(key).shuffle(order)
    if order == sorted(order):
        order = order[1:] + order[:1]
    return order


# ---------------------------------------------------------------- grading
def _option_index(item, value, n: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"an option is chosen by its index (0 to {n - 1}), not {value!r}")
    if not 0 <= value < n:
        raise ValueError(f"option index {value} is out of range 0 to {n - 1} for {item.id}")
    return value


#: Feedback for a right answer that already says so; wb.js keeps the same pattern.
_AFFIRMS = re.compile(r"(correct|right|yes|exactly)\b", re.IGNORECASE)


def _grade_single(item: SingleItem, answer) -> Feedback:
    if answer is None:
        return Feedback(False, "Choose an option first.", 0.0, answered=False)
    i = _option_index(item, answer, len(item.options))
    option = item.options[i]
    head = "**Correct.**" if option.correct else "**Not quite.**"
    if option.correct and _AFFIRMS.match(option.feedback):
        head = ""  # the feedback already says so; "Correct. Right. ..." reads badly
    message = f"{head} {option.feedback}".strip()
    if item.explanation:
        message += f"\n\n{item.explanation}"
    return Feedback(option.correct, message, 1.0 if option.correct else 0.0)


def _grade_multiple(item: MultipleItem, answer) -> Feedback:
    if answer is None or isinstance(answer, (str, bytes, int)) or not isinstance(answer, Iterable):
        raise TypeError("a multiple-choice answer is a list or set of option indices")
    chosen = {_option_index(item, a, len(item.options)) for a in answer}
    if not chosen:
        return Feedback(False, "Choose at least one option first.", 0.0, answered=False)
    correct = set(item.correct_indices)
    ok = chosen == correct
    lines = []
    for i, option in enumerate(item.options):
        label = to_plain(option.text).replace("\n", " ")
        if i in chosen:
            mark = "right to choose" if option.correct else "should not be chosen"
            lines.append(f"- *{label}* ({mark}): {option.feedback}")
        elif option.correct:
            lines.append(f"- *{label}* (missed; this one is correct): {option.feedback}")
    n_right = len(chosen & correct)
    head = (
        "**Correct**: you chose all the right options and only those."
        if ok
        else f"**Not quite**: {n_right} of your {len(chosen)} choice"
        f"{'s are' if len(chosen) != 1 else ' is'} right, and there "
        f"{'is' if len(correct) == 1 else 'are'} {len(correct)} correct option"
        f"{'s' if len(correct) != 1 else ''}."
    )
    message = head + "\n\n" + "\n".join(lines)
    if item.explanation:
        message += f"\n\n{item.explanation}"
    return Feedback(ok, message, 1.0 if ok else 0.0)


def _grade_numeric(item: NumericItem, answer) -> Feedback:
    value, problem = parse_number(answer, item.unit)
    if value is None:
        return Feedback(False, problem, 0.0, answered=False)
    # a tiny relative slack so 12.0 counts as within 0.5 of 12.5 despite binary floats
    slack = item.tolerance + 1e-9 * max(1.0, abs(item.answer))
    if abs(value - item.answer) <= slack:
        affirmed = _AFFIRMS.match(item.feedback.correct)
        ok, text = (
            True,
            item.feedback.correct if affirmed else f"**Correct.** {item.feedback.correct}",
        )
    elif value < item.answer:
        ok, text = False, f"**Too low.** {item.feedback.too_low}"
    else:
        ok, text = False, f"**Too high.** {item.feedback.too_high}"
    if item.explanation:
        text += f"\n\n{item.explanation}"
    return Feedback(ok, text, 1.0 if ok else 0.0)


def _ordering_keys(item: OrderingItem, answer) -> list[int]:
    if answer is None or isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise TypeError("an ordering answer is a list of the entries (texts or indices)")
    answer = list(answer)
    n = len(item.sequence)
    if all(isinstance(a, str) for a in answer):
        try:
            keys = [item.sequence.index(a) for a in answer]
        except ValueError:
            raise ValueError(f"the answer names entries that are not in {item.id}") from None
    elif all(isinstance(a, int) and not isinstance(a, bool) for a in answer):
        keys = answer
    else:
        raise TypeError("an ordering answer is a list of the entries (texts or indices)")
    if sorted(keys) != list(range(n)):
        raise ValueError(f"the answer must list each of the {n} entries exactly once")
    return keys


def _grade_ordering(item: OrderingItem, answer) -> Feedback:
    keys = _ordering_keys(item, answer)
    n = len(keys)
    in_place = sum(1 for pos, k in enumerate(keys) if pos == k)
    ok = in_place == n
    if ok:
        text = f"**Correct**: all {n} are in the right place. {item.feedback.correct}"
    else:
        text = f"**Not yet**: {in_place} of {n} are in the right place. {item.feedback.incorrect}"
    if item.explanation and ok:
        text += f"\n\n{item.explanation}"
    return Feedback(ok, text, in_place / n)


def grade(item, answer) -> Feedback:
    """Check ``answer`` against a quiz item; return a :class:`Feedback` that teaches."""
    if isinstance(item, SingleItem):
        return _grade_single(item, answer)
    if isinstance(item, MultipleItem):
        return _grade_multiple(item, answer)
    if isinstance(item, NumericItem):
        return _grade_numeric(item, answer)
    if isinstance(item, OrderingItem):
        return _grade_ordering(item, answer)
    raise TypeError(f"cannot grade a {type(item).__name__}; expected a quiz item")


def answer_text(item, answer) -> str:
    """The answer as plain text, as kept in the journal and the downloaded notes."""
    if isinstance(item, SingleItem):
        return "" if answer is None else to_plain(item.options[answer].text)
    if isinstance(item, MultipleItem):
        return "; ".join(to_plain(item.options[i].text) for i in sorted(set(answer)))
    if isinstance(item, OrderingItem):
        return " > ".join(item.sequence[k] for k in _ordering_keys(item, answer))
    return str(answer).strip()
