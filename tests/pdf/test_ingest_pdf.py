"""`budget ingest` and `budget validate` on a raw folder of PDFs: the same clean tables and
validation results as from their text, with the page of every value, the PDF recorded in
`documents`, conversions cached, a rejected PDF reported while the others go through."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from pipeline import store
from pipeline.ingest import ingest
from pipeline.ingest_report import run_ingest
from pipeline.pdf import VERSION, convert_pdf, converter_id
from pipeline.pdf.cache import entry_path, sha256_of
from pipeline.schema import TABLES
from pipeline.synth.html import PageStyle, document_html
from pipeline.synth.printing import print_pdf
from tests.helpers import RAW
from tests.pdf.conftest import TRUETYPE

DOCS = {"shipped-truetype": "shipped.pdf", "synth-pages": "sub/SYNTH.PDF"}
# where a value was read and what file it came from: these differ between text and PDF
PROVENANCE = {
    "source",
    "line",
    "amount_line",
    "page",
    "sha256",
    "encoding",
    "pdf_pages",
    "converter",
    "converter_version",
}


@pytest.fixture(scope="module")
def raws(tmp_path_factory, texts, printed) -> Path:
    """raws/text holds the texts, raws/pdf the PDFs printed from them (one in a subfolder
    with an upper-case suffix)."""
    base = tmp_path_factory.mktemp("raws")
    for name, pdf in DOCS.items():
        (base / "text").mkdir(exist_ok=True)
        (base / "text" / f"{name}.txt").write_text(texts[name], encoding="utf-8")
        (base / "pdf" / pdf).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(printed[name], base / "pdf" / pdf)
    return base


@pytest.fixture(scope="module")
def cleans(raws, tmp_path_factory) -> dict[str, Path]:
    """Both folders ingested."""
    out = tmp_path_factory.mktemp("cleans")
    for kind in ("text", "pdf"):
        result = ingest(raws / kind, out / kind / "clean")
        assert result.errors == []
    return {kind: out / kind / "clean" for kind in ("text", "pdf")}


def frame(clean: Path, table: str) -> pl.DataFrame:
    return store.scan(clean, table).collect()


def comparable(data: pl.DataFrame) -> pl.DataFrame:
    """The frame without provenance, text without whitespace, rows in one order."""
    data = data.drop([c for c in data.columns if c in PROVENANCE])
    data = data.with_columns(pl.col(pl.String).str.replace_all(r"\s+", ""))
    return data.sort(data.columns, nulls_last=True)


@pytest.mark.parametrize("table", list(TABLES))
def test_pdfs_ingest_to_the_clean_tables_of_their_text(cleans, table):
    text, pdf = frame(cleans["text"], table), frame(cleans["pdf"], table)
    assert text.height > 0 and text.columns == pdf.columns
    assert comparable(pdf).equals(comparable(text))
    assert text["page"].null_count() == text.height  # text has no pages
    assert pdf["page"].null_count() == 0 and pdf["page"].min() >= 1


def test_documents_record_the_pdf_its_hash_and_the_converter(raws, cleans):
    documents = frame(cleans["pdf"], "documents").sort("source")
    assert [Path(s).name for s in documents["source"]] == ["shipped.pdf", "SYNTH.PDF"]
    for row in documents.iter_rows(named=True):
        path = (
            raws
            / "pdf"
            / DOCS["synth-pages" if row["source"].endswith("SYNTH.PDF") else "shipped-truetype"]
        )
        assert row["sha256"] == sha256_of(path)
        assert (row["encoding"], row["converter"], row["converter_version"]) == (
            "pdf",
            converter_id(),
            VERSION,
        )
        assert row["pdf_pages"] > 20
    text = frame(cleans["text"], "documents")
    assert text["converter"].null_count() == text["pdf_pages"].null_count() == text.height


def test_a_value_names_the_page_it_is_printed_on(cleans):
    """Golden: 公务用车运行维护费 31.50 (text line 287) is in table 6, printed on page 11
    (pages 1–2 cover and contents, 3–4 profile, 5 表1, 6–7 表2, 8 表3, 9 表4, 10 表5)."""
    items = frame(cleans["pdf"], "line_items")
    cell = items.filter(
        (pl.col("code") == "30231")
        & pl.col("source").str.ends_with("shipped.pdf")
        & (pl.col("measure_path") == "一般公共预算基本支出/合计")
    ).row(0, named=True)
    table_6 = (
        frame(cleans["pdf"], "tables")
        .filter(pl.col("source").str.ends_with("shipped.pdf") & (pl.col("table_no") == 6))
        .row(0, named=True)
    )
    assert cell["amount"] == pl.Series([31.5]).cast(pl.Decimal(18, 2))[0]
    assert cell["page"] == table_6["page"] == 11
    assert cell["line"] > table_6["line"]


def test_a_rerun_converts_and_parses_nothing_and_a_rebuild_reads_the_cache(raws, tmp_path):
    clean = tmp_path / "clean"
    first = ingest(raws / "pdf", clean)
    assert first.pdfs.converted_now == 2 and first.parsed == 2
    again = ingest(raws / "pdf", clean)
    assert again.pdfs is None and again.parsed == 0 and not again.wrote
    shutil.rmtree(clean)
    rebuilt = ingest(raws / "pdf", clean)
    assert rebuilt.pdfs.converted_now == 0 and rebuilt.parsed == 2
    entries = sorted((tmp_path / "interim" / "pdf").iterdir())
    assert entries == sorted(
        entry_path(tmp_path / "interim", sha256_of(p))
        for p in (raws / "pdf").rglob("*")
        if p.is_file()
    )


def test_a_rejected_pdf_is_reported_and_the_others_go_through(raws, printed, tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(raws / "pdf", raw)
    shutil.copy(printed["scanned"], raw / "scan.pdf")
    (raw / "notes.docx").write_bytes(b"not read")
    code = run_ingest(raw, tmp_path / "clean")
    shown = re.sub(r"\s+", " ", capsys.readouterr().out)
    assert code == 2
    assert "scan.pdf, page 1: expected a text layer" in shown
    assert "OCR is not supported" in shown
    assert "PDFs: 3 to read, 3 converted now and 0 from the cache" in shown
    assert "1 rejected" in shown
    documents = frame(tmp_path / "clean", "documents")
    assert sorted(Path(s).name for s in documents["source"]) == ["SYNTH.PDF", "shipped.pdf"]


def test_a_parse_error_in_a_pdf_names_its_page(printed, tmp_path):
    """A PDF that prints its 第一部分 heading (line 58) a second time, before table 1: the
    document is refused (one document per file) and the error names the page of the second
    heading as well as its line in the converted text.  (A table that cannot be read no
    longer refuses the document: it lands partial, its numbers unplaced with their page.)"""
    lines = RAW.read_text(encoding="utf-8").split("\n")
    at = lines.index("单位收支总体情况表")  # table 1's title
    text = "\n".join([*lines[:at], lines[57], "", *lines[at:]])
    raw = tmp_path / "raw"
    print_pdf(document_html(text, PageStyle(TRUETYPE)), raw / "broken.pdf")
    result = ingest(raw, tmp_path / "clean")
    (message,) = result.errors
    found = re.match(
        r".*broken\.pdf, page (\d+) \(line (\d+) of its text, .*interim/pdf/"
        r"[0-9a-f]{64}\.pipeline\.pdf-v\d+\.json\): expected one document per "
        r"file: the part '单位概况' once",
        message,
    )
    assert found, message
    page, line = int(found[1]), int(found[2])
    conversion = convert_pdf(raw / "broken.pdf", "broken.pdf")
    assert "单位概况" in conversion.text.split("\n")[line - 1]
    assert conversion.pages[line - 1] == page and page > 4  # after cover, contents, profile


@pytest.mark.slow
def test_validation_of_the_pdfs_gives_the_results_of_their_text(cleans, tmp_path):
    from pipeline.validate import validate_clean
    from pipeline.validate.results import load

    results = {}
    for kind, clean in cleans.items():
        code = validate_clean(clean, tmp_path / kind, use_gx=False)
        results[kind] = (code, load(tmp_path / kind / "validation"))
    assert results["pdf"][0] == results["text"][0]
    text, pdf = results["text"][1], results["pdf"][1]
    assert text.height > 400
    assert comparable(pdf.drop("detail")).equals(comparable(text.drop("detail")))
