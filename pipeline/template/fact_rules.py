"""The fact rules of the budget disclosure (预算公开), by section role.

Each rule reads one kind of narrative sentence into facts (see `pipeline.parse.facts` for
the topics and metrics).  The editions declared so far word these sentences alike, so they
share this tuple; an edition that words one differently declares its own tuple.
"""

from __future__ import annotations

from pipeline.template.rules import Rule, rule
from pipeline.template.rules import number as _n
from pipeline.text import LOOSE

_NAME = r"(?P<name>[^:,;。、\d]+?)"

BUDGET_FACT_RULES: tuple[Rule, ...] = (
    rule("overview", rf"收支总预算{_n('v')}万元", ("v", "overview", "收支总预算", "万元")),
    rule("income", rf"收入预算{_n('v')}万元", ("v", "income", "收入预算", "万元")),
    rule("expenditure", rf"支出预算{_n('v')}万元", ("v", "expenditure", "支出预算", "万元")),
    rule(
        "fiscal", rf"财政拨款收支总预算{_n('v')}万元", ("v", "fiscal", "财政拨款收支总预算", "万元")
    ),
    rule(
        "fiscal",
        rf"(?<=[:、,;]){_NAME}{_n('v')}万元",
        ("v", "fiscal_income", "{name}", "万元"),
        only=r"^收入预算包括:",
    ),
    rule(
        "fiscal",
        rf"(?<=[:;]){_NAME}{_n('v')}万元",
        ("v", "fiscal_expenditure", "{name}", "万元"),
        only=r"支出包括:",
    ),
    rule(
        "fiscal",
        rf"(?<=[:;]){_NAME}{LOOSE}万元[^;]*?以及{_n('c')}个项目支出",
        ("c", "fiscal_expenditure", "{name}项目支出个数", "个"),
        only=r"支出包括:",
    ),
    rule(
        "government_fund",
        rf"政府性基金预算拨款安排的支出{_n('v')}万元",
        ("v", "government_fund", "政府性基金预算拨款安排的支出", "万元"),
    ),
    rule(
        "government_fund",
        rf"(?<=[:;]){_NAME}{_n('v')}万元",
        ("v", "government_fund_expenditure", "{name}", "万元"),
        only=r"^政府性基金预算支出按功能分类包括:",
    ),
    rule(
        "general_budget",
        rf"一般公共预算拨款合计{_n('v')}万元",
        ("v", "general_budget", "一般公共预算拨款合计", "万元"),
    ),
    rule(
        "basic_expenditure",
        rf"一般公共预算基本支出{_n('v')}万元",
        ("v", "basic_expenditure", "一般公共预算基本支出", "万元"),
    ),
    rule(
        "basic_expenditure",
        rf"(?P<name>人员经费|公用经费){_n('v')}万元",
        ("v", "basic_expenditure", "{name}", "万元"),
    ),
    rule(
        "sangong", rf"“三公”经费预算数为{_n('v')}万元", ("v", "三公", "财政拨款“三公”经费", "万元")
    ),
    rule(
        "sangong",
        rf"(?<=[:,;]){_NAME}{_n('v')}万元",
        ("v", "三公", "{name}", "万元"),
        only=r"“三公”经费预算数为",
    ),
    rule("carryover", rf"上年结转结余{_n('v')}万元", ("v", "carryover", "上年结转结余", "万元")),
    rule(
        "carryover",
        rf"(?<=[:,;])(?P<name>财政拨款|非财政拨款){_n('v')}万元",
        ("v", "carryover", "{name}", "万元"),
    ),
    rule(
        "other",
        rf"机关运行经费(?:财政拨款)?预算{_n('v')}万元",
        ("v", "operating_costs", "机关运行经费财政拨款预算", "万元"),
    ),
    rule(
        "other",
        rf"政府采购(?P<kind>货物|工程|服务)?预算{_n('v')}万元",
        ("v", "procurement", "政府采购{kind}预算", "万元"),
    ),
    rule(
        "other",
        rf"(?P<name>面向中小企业|小微企业)预留政府采购项目预算金额{_n('v')}万元",
        ("v", "procurement", "{name}预留政府采购项目预算金额", "万元"),
    ),
    rule(
        "other",
        rf"(?:^|[:;。]|\d[.、]){_NAME}{_n('c')}(?P<u>辆|平方米|台|套),价值{_n('v')}万元",
        ("c", "assets", "{name}", "{u}"),
        ("v", "assets", "{name}价值", "万元"),
    ),
    rule(
        "other",
        rf"(?:^|[:;。]|\d[.、]){_NAME}价值{_n('v')}万元(?!以上)",
        ("v", "assets", "{name}价值", "万元"),
    ),
    rule(
        "other",
        rf"单位价值{_n('t')}万元以上大型设备{_n('c')}(?P<u>台|套)",
        ("c", "assets", "单位价值{t}万元以上大型设备", "{u}"),
        never="购置",
    ),
    rule(
        "other",
        rf"(?:单位价值)?{_n('t')}万元以上大型设备{_n('c')}(?P<u>台|套)",
        ("c", "assets", "购置单位价值{t}万元以上大型设备", "{u}"),
        only="购置",
    ),
    rule(
        "other",
        rf"(?P<name>整体预算绩效目标|(?<!非)财政拨款项目|非财政拨款项目){_n('c')}个,"
        rf"涉及(?:预算)?金额{_n('v')}万元",
        ("c", "performance", "{name}个数", "个"),
        ("v", "performance", "{name}金额", "万元"),
    ),
)
"""The rules of `unit_budget_2024` and the editions that word their sentences alike."""
