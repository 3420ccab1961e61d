"""A Plan-Do-Study-Act cycle log that a learner fills in and keeps in their journal.

The fields follow the Model for Improvement (Langley et al., The Improvement Guide): each cycle
tests one change against a measure, with a prediction written down before the test so that the
"study" step compares what happened with what was expected. ``builds_on`` links cycles, since
iterative, linked cycles are the part of PDSA most often missing in practice (Taylor et al.
2014; Reed & Card 2016).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, ClassVar

__all__ = ["PDSA"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
_DECISIONS = ("", "adopt", "adapt", "abandon")


@dataclasses.dataclass
class PDSA:
    """One PDSA cycle.

    ``cycle_id`` is a stable name you choose (letters, digits, ``-``, ``_``, ``.``), e.g.
    ``"discharge-lounge-1"``. ``decision`` is "adopt", "adapt", "abandon" or "" (not yet).
    """

    cycle_id: str
    change: str = ""
    measure: str = ""
    plan: str = ""
    prediction: str = ""
    do: str = ""
    study: str = ""
    act: str = ""
    decision: str = ""
    builds_on: str = ""
    start_date: str = ""
    end_date: str = ""

    KIND: ClassVar[str] = "pdsa"
    VERSION: ClassVar[int] = 1

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is None:
                setattr(self, field.name, "")
            elif not isinstance(value, str):
                raise TypeError(
                    f"PDSA.{field.name} must be text, not {type(value).__name__} ({value!r})."
                )
        if not _ID.match(self.cycle_id):
            raise ValueError(
                f"PDSA.cycle_id {self.cycle_id!r} is not a usable id: use 1-80 letters, digits, "
                "'-', '_' or '.', starting with a letter or digit (e.g. 'discharge-lounge-1')."
            )
        self.decision = self.decision.strip().lower()
        if self.decision not in _DECISIONS:
            raise ValueError(
                f"PDSA.decision is {self.decision!r}; use 'adopt', 'adapt', 'abandon' or '' "
                "(not decided yet)."
            )

    @property
    def stage(self) -> str:
        """How far the cycle has got: "plan", "do", "study", "act" or "complete"."""
        if not (self.plan and self.prediction):
            return "plan"
        if not self.do:
            return "do"
        if not self.study:
            return "study"
        if not (self.act and self.decision):
            return "act"
        return "complete"

    def missing(self) -> list[str]:
        """Fields still empty that a complete cycle needs, in the order they are filled in."""
        needed = ("change", "measure", "plan", "prediction", "do", "study", "act", "decision")
        return [name for name in needed if not getattr(self, name)]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (with a schema version) for the journal."""
        data = dataclasses.asdict(self)
        data["version"] = self.VERSION
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PDSA:
        """Rebuild a cycle from :meth:`to_dict` output; unknown fields are an error."""
        if not isinstance(data, dict):
            raise TypeError(f"a PDSA record must be a dict, not {type(data).__name__}.")
        data = dict(data)
        version = data.pop("version", cls.VERSION)
        if version != cls.VERSION:
            raise ValueError(f"PDSA record version {version!r} is not supported (expected 1).")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"PDSA record has unknown field(s): {', '.join(unknown)}.")
        if "cycle_id" not in data:
            raise ValueError("PDSA record has no cycle_id.")
        return cls(**data)

    def save(self, journal: Any) -> None:
        """Save this cycle to the learner's journal (earlier versions are kept there)."""
        journal.save_record(self.KIND, self.cycle_id, self.to_dict())

    @classmethod
    def load_all(cls, journal: Any) -> list[PDSA]:
        """The latest version of every saved cycle, in the order the cycles were first saved."""
        latest: dict[str, PDSA] = {}
        for record in journal.records(cls.KIND):
            data = record.get("data", record) if isinstance(record, dict) else record
            cycle = cls.from_dict(data)
            # Records come oldest first; a later version replaces the earlier one in place.
            latest[cycle.cycle_id] = cycle
        return list(latest.values())

    def to_markdown(self) -> str:
        """A readable record of the cycle (for export or a screen reader)."""
        parts = [f"### PDSA cycle {self.cycle_id}"]
        if self.builds_on:
            parts.append(f"Builds on cycle {self.builds_on}.")
        for label, value in (
            ("Change tested", self.change),
            ("Measure", self.measure),
            ("Plan", self.plan),
            ("Prediction", self.prediction),
            ("Do", self.do),
            ("Study", self.study),
            ("Act", self.act),
            ("Decision", self.decision),
        ):
            parts.append(f"**{label}:** {value or '(not yet written)'}")
        return "\n\n".join(parts)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()
