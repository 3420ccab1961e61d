"""Interactive learning components: quizzes, reflections, transcripts, progress.

Each component is a plain model with three renderings in one mimebundle: a live ipywidgets
view (JupyterLab, Binder), self-contained static HTML (the published book) and plain text.
Importing this package does not import ipywidgets; views are built when first displayed.
"""

from workbook.components.grading import Feedback, Score, grade, parse_number, summarise
from workbook.components.progress import MarkComplete, WeekProgress
from workbook.components.quiz import Quiz
from workbook.components.reflection import Reflection
from workbook.components.transcript import Transcript

__all__ = [
    "Quiz",
    "Reflection",
    "Transcript",
    "MarkComplete",
    "WeekProgress",
    "Feedback",
    "Score",
    "grade",
    "parse_number",
    "summarise",
]
