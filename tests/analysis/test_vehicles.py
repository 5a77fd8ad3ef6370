"""Vehicle analyses on tiny frames: 三公 parts, fleet, fleet changes, project vehicle costs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.analysis import vehicles
from tests.analysis.frames import change, fact, frame, li

D = Decimal


def test_sangong_takes_this_year_from_table_10_and_last_year_from_section_ten():
    items = frame(
        "line_items", [li(10, "合计", "合计", "30"), li(10, "公务用车运行费", "合计", "30")]
    )
    changes = frame(
        "narrative_changes",
        [
            change("财政拨款“三公”经费", "30", "-20", "-40.00", section="十"),
            change("公务用车运行费", "30", "-20", "-40.00", section="十", reason="报废车辆"),
            change("公务接待费", "0", "0", "0", section="十"),
            change("基本支出", "9", "1", "12.50", section="三"),
        ],
    )
    table = vehicles.sangong(items, changes)
    rows = {r["item"]: r for r in table.iter_rows(named=True)}
    assert set(rows) == {"财政拨款“三公”经费", "公务用车运行费", "公务接待费"}
    assert rows["财政拨款“三公”经费"]["current"] == D("30")
    assert rows["公务用车运行费"]["prior"] == D("50")
    assert rows["公务接待费"]["current"] == D("0") and rows["公务接待费"]["table_line"] is None
    assert rows["公务用车运行费"]["recomputed_pct"] == D("-40.00")


def test_operating_costs_absent_is_none():
    changes = frame("narrative_changes", [change("机关运行经费", "8", "-2", "-20.00", "十二")])
    assert vehicles.operating_costs(changes)["prior"] == D("10")
    assert vehicles.operating_costs(changes.clear()) is None


def test_fleet_puts_the_whole_fleet_first():
    facts = frame(
        "facts",
        [
            fact("assets", "一般公务用车", "1", "辆"),
            fact("assets", "一般公务用车价值", "20"),
            fact("assets", "车辆", "3", "辆"),
            fact("assets", "车辆价值", "50"),
            fact("assets", "其他车辆", "2", "辆"),
            fact("assets", "房屋", "5", "平方米"),
        ],
    )
    table = vehicles.fleet(facts)
    assert table["category"].to_list() == ["车辆", "一般公务用车", "其他车辆"]  # then by line
    assert table["value"].to_list() == [D("50"), D("20"), None]


def test_fleet_changes_count_each_reason_once_and_reject_contradictions():
    facts = frame(
        "facts",
        [
            fact("narrative_reason", "十/公务用车运行费/报废其他车辆", "7", "辆"),
            fact("narrative_reason", "十二/机关运行经费/报废其他车辆", "7", "辆"),
            fact("narrative_reason", "十二/机关运行经费/在职人员减少", "3", "人"),
        ],
    )
    table = vehicles.fleet_changes(facts)
    assert table.rows() == [("报废其他车辆", 7, 1, "十、十二")]
    bad = frame(
        "facts",
        [
            fact("narrative_reason", "十/a/报废其他车辆", "7", "辆"),
            fact("narrative_reason", "十二/b/报废其他车辆", "6", "辆"),
        ],
    )
    with pytest.raises(ValueError, match="different vehicle counts"):
        vehicles.fleet_changes(bad)


def test_project_vehicle_costs_and_the_vehicle_cost_table():
    allocations = frame(
        "project_allocations",
        [
            {"project": "综合保障项目", "item": "租赁5辆车辆", "amount": "25.7"},
            {"project": "综合保障项目", "item": "保障单位15辆车辆运行", "amount": "24.3"},
            {"project": "综合保障项目", "item": "办公费", "amount": "3"},
        ],
    )
    costs = vehicles.project_vehicle_costs(allocations)
    assert costs["vehicles"].to_list() == [5, 15]
    items = frame("line_items", [li(10, "公务用车运行费", "合计", "31.5")])
    changes = frame(
        "narrative_changes", [change("公务用车运行费", "31.5", "-23.1", "-42.31", "十")]
    )
    table = vehicles.vehicle_costs(items, changes, allocations)
    assert table["amount"].to_list() == [D("31.50"), D("25.70"), D("24.30")]
    assert table["prior"].to_list() == [D("54.60"), None, None]  # not given ≠ 0
    assert table["in_sangong"].to_list() == [True, False, False]
    assert vehicles.per_vehicle(D("24.3"), 15) == D("1.62")
    assert vehicles.per_vehicle(D("1"), 0) is None and vehicles.per_vehicle(None, 3) is None
