"""The code glossary of the corpus: printed names by year beside the standard ones."""

from __future__ import annotations

import polars as pl

from pipeline import views


def test_every_code_of_the_shipped_document_with_its_printed_names(real):
    glossary = views.build("code_glossary", real)
    codes = set(glossary["code"])
    printed = set(real["line_items"].filter(pl.col("code").is_not_null())["code"])
    assert codes == printed and len(codes) == 43
    # 201 is printed as 一般公共服务支出 (line 82, table 1) and as 一般公共预算支出 (line 308,
    # table 7's 类 row): both kept, the standard name beside each
    rows = glossary.filter(pl.col("code") == "201").sort("line")
    assert rows.select("name_printed", "line").rows() == [
        ("一般公共服务支出", 82),
        ("一般公共预算支出", 308),
    ]
    assert set(rows["name_standard"]) == {"一般公共服务支出"}
    assert glossary.filter(pl.col("level") <= 2)["name_en"].null_count() == 0
    assert glossary["gloss"].null_count() == 0


def test_a_code_not_in_the_reference_table_falls_back_to_the_printed_name(real):
    items = real["line_items"]
    odd = (
        items.filter(pl.col("code") == "2010301")
        .head(1)
        .with_columns(pl.lit("2059999").alias("code"), pl.lit("其他合成支出").alias("item"))
    )
    glossary = views.build("code_glossary", {"line_items": pl.concat([items, odd])})
    row = glossary.filter(pl.col("code") == "2059999").row(0, named=True)
    assert row["name_standard"] is None and row["name_en"] is None
    assert row["gloss"] == "其他合成支出 (code 2059999: not in the reference table)"
