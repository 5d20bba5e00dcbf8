"""事務局用「確認事項」 of a year with nothing to check says so in one box the table's width.

The sentence 「確認事項はありません。」 was written into the first column alone with that cell's borders: on paper
a box round 「確認事項」 and 「はありません。」 running out of it past the box's edge (seen on page 21 of a
five-year run's 事務局用). The 受付結果「指摘事項」 had the same and was mended with a run of cells that reads as one;
this sheet now does the same. Measured on the printed page: the rule under the sentence runs the sentence's
whole length."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from pdf_measure import read_words, render_pdf
from review_sample import merge_answered

NONE_SAID = "確認事項はありません。"
DPI = 144


@pytest.fixture(scope="module")
def office(plan, tmp_path_factory):
    result = merge_answered(plan, tmp_path_factory.mktemp("office-no-checks"), "財政課")
    return result.outputs["office"]


def _grey_page(pdf, page: int, folder) -> tuple[int, int, bytes]:
    """Page ``page`` (1-based) as a greyscale raster at :data:`DPI`: (width, height, pixels)."""
    subprocess.run([shutil.which("pdftoppm"), "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf),
                    str(folder / "g")], check=True, capture_output=True)
    (pgm,) = folder.glob("g-*.pgm")
    parts = pgm.read_bytes().split(maxsplit=4)  # P5 W H MAX pixels
    return int(parts[1]), int(parts[2]), parts[4]


def ruled_under(words, raster) -> float:
    """The largest share of the words' width that one rule (a row of dark pixels) within 6 pt under them covers."""
    w, h, pixels = raster
    scale = DPI / 72
    x0, x1 = int(min(x.x0 for x in words) * scale), int(max(x.x1 for x in words) * scale)
    y1 = int(max(x.y1 for x in words) * scale)
    best = 0.0
    for y in range(y1, min(h, y1 + int(6 * scale))):
        row = pixels[y * w:(y + 1) * w]
        best = max(best, sum(1 for x in range(x0, x1) if row[x] < 200) / max(1, x1 - x0))
    return best


def test_the_sentence_prints_inside_its_box(office, soffice, tmp_path):
    pdf = render_pdf(office, tmp_path)
    pages = read_words(pdf)
    found = [(n, [w for w in words if w.text.startswith("確認事項") or w.text.endswith("はありません。")])
             for n, (_, _, words) in enumerate(pages, start=1)
             if NONE_SAID in "".join(w.text for w in words)]
    assert found, "the sentence is not on any page"
    page, words = found[0]
    words = [w for w in words if w.y0 >= max(x.y0 for x in words) - 2]  # its line, not the sheet's title
    assert NONE_SAID in "".join(w.text for w in words), words
    assert ruled_under(words, _grey_page(pdf, page, tmp_path)) >= 0.95
