"""The staged build: chunks written as they come give the same tables as one write, kept
rows come from the previous build, and a failure while compacting leaves the old build."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipeline import store
from pipeline.ingest import ingest
from pipeline.schema import TABLES
from pipeline.tidy import to_frame

REAL = (
    Path(__file__).resolve().parent.parent
    / "data"
    / "raw"
    / ("kashgar-admin-office_2024_budget.txt")
)


def facts(unit: str, year: int, lines: range, source: str | None = None) -> pl.DataFrame:
    return to_frame(
        "facts",
        [
            {
                "unit": unit,
                "year": year,
                "topic": "三公",
                "metric": f"m{n}",
                "value": Decimal(n),
                "value_unit": "万元",
                "source": source or f"{unit}.txt",
                "line": n,
            }
            for n in lines
        ],
    )


def read(clean: Path, table: str = "facts") -> pl.DataFrame:
    return store.scan(clean, table).collect()


def test_chunks_compact_to_the_table_one_write_gives(tmp_path):
    whole = pl.concat(
        [
            facts("乙", 2024, range(5, 9)),
            facts("甲", 2023, range(1, 4)),
            facts("甲", 2024, range(3, 6)),
        ]
    )
    store.write_clean(tmp_path / "one", {"facts": whole}, {"documents": {}})
    with store.Build(tmp_path / "chunked") as build:
        store.write_chunk(build.chunks, "b-1", {"facts": whole.slice(0, 5)})
        store.write_chunk(build.chunks, "b-2", {"facts": whole.slice(5)})
        build.commit({"documents": {}})
    assert read(tmp_path / "chunked").equals(read(tmp_path / "one"))
    # sorted by year, then unit, source and line
    assert read(tmp_path / "one").select("year", "unit", "line").rows() == [
        (2023, "甲", 1),
        (2023, "甲", 2),
        (2023, "甲", 3),
        (2024, "乙", 5),
        (2024, "乙", 6),
        (2024, "乙", 7),
        (2024, "乙", 8),
        (2024, "甲", 3),
        (2024, "甲", 4),
        (2024, "甲", 5),
    ]
    assert not (tmp_path / "chunked" / "_chunks").exists()


def test_kept_rows_come_from_the_previous_build_and_dropped_sources_go(tmp_path):
    clean = tmp_path / "clean"
    store.write_clean(
        clean,
        {"facts": pl.concat([facts("甲", 2023, range(1, 3)), facts("乙", 2024, range(1, 3))])},
        {},
    )
    with store.Build(clean) as build:
        store.write_chunk(
            build.chunks,
            "b-1",
            {"facts": pl.concat([facts("丙", 2024, range(7, 9)), facts("丁", 2024, range(1, 2))])},
        )
        build.commit({"documents": {}}, keep=["甲.txt", "乙.txt"], drop=["乙.txt", "丁.txt"])
    assert read(clean).select("unit", "year", "line").rows() == [
        ("甲", 2023, 1),
        ("甲", 2023, 2),
        ("丙", 2024, 7),
        ("丙", 2024, 8),
    ]


def test_rows_of_one_line_keep_their_parse_order(tmp_path):
    rows = facts("甲", 2024, range(3))
    rows = rows.with_columns(pl.lit(7, pl.Int32).alias("line"))  # three values on one line
    store.write_clean(tmp_path / "clean", {"facts": rows.reverse()}, {})
    assert read(tmp_path / "clean")["metric"].to_list() == ["m2", "m1", "m0"]


def test_failure_while_compacting_leaves_the_old_build_and_no_staging(tmp_path):
    clean = tmp_path / "clean"
    store.write_clean(clean, {"facts": facts("甲", 2024, range(1, 3))}, {"documents": {"a": 1}})
    with pytest.raises(pl.exceptions.PolarsError), store.Build(clean) as build:
        store.write_chunk(build.chunks, "b-1", {"facts": facts("乙", 2024, range(1, 3))})
        staged = next((build.chunks / "facts").rglob("*.parquet"))
        staged.write_bytes(b"not parquet")  # a chunk that cannot be read back
        build.commit({"documents": {}})
    assert store.read_manifest(clean) == {"documents": {"a": 1}}
    assert read(clean)["unit"].to_list() == ["甲", "甲"]
    assert [p.name for p in tmp_path.iterdir()] == ["clean"]


def test_chunk_with_wrong_columns_is_refused(tmp_path):
    with store.Build(tmp_path / "clean") as build:
        bad = facts("甲", 2024, range(1, 2)).with_columns(pl.lit("x").alias("value"))
        with pytest.raises(TypeError, match=r"do not match pipeline\.schema"):
            store.write_chunk(build.chunks, "b-1", {"facts": bad})
    assert list(tmp_path.iterdir()) == []


def test_parallel_batched_ingest_equals_serial_and_reingest_keeps_rows(tmp_path):
    text = REAL.read_text(encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    # 60 unit-years (more than the serial threshold), some in other years
    for index in range(60):
        year = 2024 - index % 3
        unit = f"新疆维吾尔自治区喀什地区行政公署办公室{index:02d}合成"
        doc = text.replace("新疆维吾尔自治区喀什地区行政公署办公室", unit)
        (raw / f"d{index:02d}.txt").write_text(doc.replace("2024", str(year)), encoding="utf-8")
    parallel = ingest(raw, tmp_path / "parallel", workers=2)
    serial = ingest(raw, tmp_path / "serial", workers=1)
    assert parallel.errors == serial.errors == []
    for table in TABLES:
        assert read(tmp_path / "parallel", table).equals(read(tmp_path / "serial", table)), table
    before = {table: read(tmp_path / "serial", table) for table in TABLES}
    shutil.copy(raw / "d00.txt", raw / "d00.bak")  # not a *.txt: not a document
    (raw / "d01.txt").write_text(
        (raw / "d01.txt").read_text(encoding="utf-8").replace("张深意", "张 深意"), encoding="utf-8"
    )
    again = ingest(raw, tmp_path / "serial", workers=1)
    assert again.parsed == 1 and again.errors == []
    for table in TABLES:  # the stray space reads the same; only d01's checksum changed
        after = read(tmp_path / "serial", table)
        assert after.drop("sha256", strict=False).equals(
            before[table].drop("sha256", strict=False)
        ), table
    changed = read(tmp_path / "serial", "documents").filter(
        pl.col("sha256") != before["documents"]["sha256"]
    )
    assert changed["source"].to_list() == [str(raw / "d01.txt")]
