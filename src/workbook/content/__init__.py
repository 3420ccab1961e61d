"""Course content as data: loading and validating ``week.yaml``, ``quiz.yaml``,
``reflections.yaml`` and the bibliography, with errors that name file, line and field."""

from workbook.content.errors import ContentError

__all__ = ["ContentError"]
