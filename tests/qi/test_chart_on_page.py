"""Charts as a page shows them: twice the density of their shown width, type >= 10 pt there."""

from __future__ import annotations

import base64
import io

import pytest

from workbook import qi
from workbook.qi import _plot


def _png_size(png: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return image.size


@pytest.mark.parametrize(
    "result",
    [
        qi.run_chart(list(range(1, 25))),
        qi.xmr([4, 5, 6, 5, 4, 9, 5, 4, 6, 5, 4, 5, 6, 5, 4, 5, 11, 5, 4, 5], target=7),
        qi.funnel([10, 30, 60, 5], [100, 200, 300, 90]),
    ],
    ids=["run", "xmr", "funnel"],
)
def test_chart_bundle_is_2x_with_alt_and_width(result):
    data, metadata = result._repr_mimebundle_()
    width, height = _png_size(base64.b64decode(data["image/png"]))
    shown = metadata["image/png"]["width"]
    assert shown == round(_plot.PAGE_WIDTH_IN * _plot.PX_PER_INCH)
    assert width == 2 * shown, (width, shown)
    assert height > 0
    assert metadata["image/png"]["alt"] == result.alt_text
    assert result.alt_text in data["text/plain"]


def test_every_label_is_at_least_10_pt_at_the_shown_width():
    result = qi.xmr([4, 5, 6, 5, 4, 9, 5, 4, 6, 5, 4, 5, 6, 5, 4, 5, 11, 5, 4, 5])
    fig = result.plot()
    _plot.page_png(fig)  # resizes the figure to its page width, as displayed
    ax = fig.axes[0]
    texts = [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label]
    texts += ax.get_xticklabels() + ax.get_yticklabels()
    legend = ax.get_legend()
    if legend is not None:
        texts += legend.get_texts()
    sizes = {t.get_text(): t.get_fontsize() for t in texts if t.get_text()}
    assert sizes, "no text found on the chart"
    small = {text: size for text, size in sizes.items() if size < _plot.MIN_FONT_PT}
    assert small == {}
    assert fig.get_size_inches()[0] == pytest.approx(_plot.PAGE_WIDTH_IN)
