"""Long HTML tables a reader can sort and filter: the inline script every page shares.

Why this exists: the validation page lists thousands of results and the across-units page
hundreds of unit-years; both must open from disk with no network, so there is no table
library to load.  One small script (`SCRIPT`, ES5, no dependency) does two things for any
element it is started on (`script_tag(id)`):

- a `<table class="kashgar-sortable">` sorts on a click (or Enter) on a header cell,
  ascending then descending.  A header with `data-sort="num"` sorts its column by exact
  decimal comparison of the cell text without thousands separators (the amounts are
  exact decimals printed as text, never turned into floats); other columns sort as text.
  A blank cell (empty, "—", or not a number in a numeric column) sorts last either way:
  not stated is never 0.
- a `<form class="kashgar-filters" data-for="ID">` filters the rows (`tbody tr`) under
  the element ID: a `<select data-column="N">` keeps rows whose N-th cell reads the chosen
  text, a `<select data-key="K">` rows whose nearest `data-K` (on the row or an ancestor,
  such as a group) equals it, and an `<input data-key="K">` rows whose `data-K` contains
  every word typed (letters in any case, full- and half-width alike, the text's own
  spaces ignored).
  Elements of class `kashgar-group` holding rows are hidden when none of their rows
  is shown, and their `.kashgar-group-count` says how many are; the form's
  `.kashgar-count` counts every row shown.  The script unhides a `hidden` form, so a
  page read without JavaScript shows the whole table and no control that does nothing.

Run twice on one page (a notebook shows several tables) the script defines its functions
once.  Text from documents never enters the script: it reads the page.
"""

from __future__ import annotations

import html
import json

__all__ = [
    "SCRIPT",
    "filter_form",
    "script_tag",
    "select_filter",
    "text_filter",
    "unit_name",
]

SCRIPT = """\
var K = window.kashgarTables;
if (!K) {
  K = window.kashgarTables = {};
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };
  var NUMBER = /^-?\\d+(\\.\\d+)?$/;
  var fold = function (text) {
    return String(text || "").normalize("NFKC").toLowerCase().replace(/\\s+/g, "");
  };
  var parts = function (text) {
    var negative = text.charAt(0) === "-", body = negative ? text.slice(1) : text;
    var dot = body.indexOf(".");
    var whole = (dot < 0 ? body : body.slice(0, dot)).replace(/^0+/, "");
    var fraction = dot < 0 ? "" : body.slice(dot + 1).replace(/0+$/, "");
    return [whole || fraction ? (negative ? -1 : 1) : 0, whole, fraction];
  };
  var cmp = function (a, b) { return a < b ? -1 : a > b ? 1 : 0; };
  K.compareDecimal = function (a, b) {
    var x = parts(a), y = parts(b);
    if (x[0] !== y[0]) { return cmp(x[0], y[0]); }
    return x[0] * (cmp(x[1].length, y[1].length) || cmp(x[1], y[1]) || cmp(x[2], y[2]));
  };
  K.sortable = function (table) {
    var body = table.tBodies[0], heads = table.tHead ? table.tHead.rows[0].cells : [];
    if (!body || table.getAttribute("data-sorting")) { return; }
    table.setAttribute("data-sorting", "1");
    each(body.rows, function (row, i) { row.kashgarIndex = i; });
    each(heads, function (th, column) {
      var mark = document.createElement("span");
      mark.className = "kashgar-sort-mark";
      mark.setAttribute("aria-hidden", "true");
      th.appendChild(mark);
      th.tabIndex = 0;
      th.style.cursor = "pointer";
      th.title = "sort (click again to reverse)";
      var sort = function () {
        var up = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-sort") === "num";
        var keyed = Array.prototype.map.call(body.rows, function (row) {
          var cell = row.cells[column], text = cell ? cell.textContent.trim() : "";
          if (numeric) { text = text.replace(/,/g, ""); }
          var known = numeric ? NUMBER.test(text) : text !== "" && text !== "\\u2014";
          return {row: row, key: known ? text : null};
        });
        keyed.sort(function (a, b) {
          var order = (a.key === null) - (b.key === null);
          if (!order && a.key !== null) {
            order = numeric ? K.compareDecimal(a.key, b.key) : a.key.localeCompare(b.key, "zh");
            order = up ? order : -order;
          }
          return order || a.row.kashgarIndex - b.row.kashgarIndex;
        });
        each(keyed, function (k) { body.appendChild(k.row); });
        each(heads, function (other) {
          other.removeAttribute("aria-sort");
          other.querySelector(".kashgar-sort-mark").textContent = "";
        });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        mark.textContent = up ? " \\u25b2" : " \\u25bc";
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  };
  K.filter = function (form) {
    var scope = document.getElementById(form.getAttribute("data-for"));
    if (!scope || form.getAttribute("data-filtering")) { return; }
    form.setAttribute("data-filtering", "1");
    var controls = form.querySelectorAll("[data-key], [data-column]");
    var rows = scope.querySelectorAll("tbody tr");
    var groups = scope.querySelectorAll(".kashgar-group");
    var count = form.querySelector(".kashgar-count");
    var apply = function () {
      var wanted = [], shown = 0;
      each(controls, function (c) {
        var typed = c.tagName === "INPUT", value = c.value;
        if (typed) {
          value = c.value.split(/\\s+/).map(fold).filter(Boolean);
          value = value.length ? value : "";
        }
        if (value) {
          wanted.push([c.getAttribute("data-key"), c.getAttribute("data-column"), value, typed]);
        }
      });
      each(rows, function (row) {
        var keep = wanted.every(function (w) {
          var v;
          if (w[1] !== null) {
            var cell = row.cells[Number(w[1])];
            v = cell ? cell.textContent.trim() : "";
          } else {
            var holder = row.closest("[data-" + w[0] + "]");
            v = holder ? holder.getAttribute("data-" + w[0]) : "";
          }
          if (!w[3]) { return v === w[2]; }
          v = fold(v);
          return w[2].every(function (word) { return v.indexOf(word) >= 0; });
        });
        row.hidden = !keep;
        if (keep) { shown += 1; }
      });
      each(groups, function (group) {
        var n = group.querySelectorAll("tbody tr:not([hidden])").length;
        var label = group.querySelector(".kashgar-group-count");
        group.hidden = n === 0;
        if (label) { label.textContent = n; }
      });
      if (count) { count.textContent = shown; }
    };
    each(controls, function (c) {
      c.addEventListener(c.tagName === "INPUT" ? "input" : "change", apply);
    });
    form.hidden = false;
    apply();
  };
  K.start = function (id) {
    var waited = 0;
    var start = function () {
      var root = document.getElementById(id);
      if (!root) {
        waited += 50;
        if (waited < 10000) { setTimeout(start, 50); }
        return;
      }
      each(root.querySelectorAll("table.kashgar-sortable"), K.sortable);
      each(root.querySelectorAll("form.kashgar-filters"), K.filter);
    };
    start();
  };
}
"""
"""The functions every page shares, defined once on `window.kashgarTables` (K)."""


LABEL_STYLE = "margin-right:1.5em"
"""Inline (notebook outputs carry no stylesheet): the controls of a form apart."""


def script_tag(root_id: str) -> str:
    """A `<script>` that defines `SCRIPT`'s functions (once a page) and starts them on the
    sortable tables and filter forms inside the element `root_id`.

    It waits (up to 10 s) for that element: JupyterLab may attach an output after running
    its script.

    >>> script_tag("t1").endswith('K.start("t1");\\n})();\\n</script>')
    True
    """
    return f"<script>\n(function () {{\n{SCRIPT}K.start({json.dumps(root_id)});\n}})();\n</script>"


def unit_name(short: str | None, full: str | None) -> str:
    """A unit as pages name it: the short name, the full name on hover (`title`).

    >>> unit_name("财政局", "新疆维吾尔自治区喀什地区财政局")
    '<span title="新疆维吾尔自治区喀什地区财政局">财政局</span>'
    >>> unit_name("<b>", None)
    '&lt;b&gt;'
    """
    text = html.escape(short if short is not None else (full or "—"))
    if full is None or full == short:
        return text
    return f'<span title="{html.escape(full)}">{text}</span>'


def text_filter(
    key: str, label: str, placeholder: str = "", *, element_id: str | None = None
) -> str:
    """A text box keeping the rows whose `data-<key>` contains every word typed.

    >>> text_filter("find", "unit", "name or id")
    '<label style="margin-right:1.5em">unit <input type="search" data-key="find" \
placeholder="name or id"></label>'
    """
    ident = f'id="{html.escape(element_id)}" ' if element_id else ""
    return (
        f'<label style="{LABEL_STYLE}">{html.escape(label)} <input type="search" {ident}'
        f'data-key="{html.escape(key)}" placeholder="{html.escape(placeholder)}"></label>'
    )


def select_filter(
    label: str,
    options: list[tuple[str, str]] | list[tuple[str, str, str]],
    every: str,
    *,
    key: str | None = None,
    column: int | None = None,
    element_id: str | None = None,
) -> str:
    """A drop-down keeping the rows whose `data-<key>` (or `column`-th cell's text) equals
    the chosen option's value; `options` are (value, label) or (value, label, title).

    >>> select_filter("year", [("2024", "2024")], "every year", column=1)
    '<label style="margin-right:1.5em">year <select data-column="1"><option value="">every \
year</option><option value="2024">2024</option></select></label>'
    """
    if (key is None) == (column is None):
        raise ValueError("a select filter matches either a data key or a column")
    target = f'data-key="{html.escape(key)}"' if key is not None else f'data-column="{column}"'
    ident = f'id="{html.escape(element_id)}" ' if element_id else ""
    items = "".join(
        f'<option value="{html.escape(o[0])}"'
        + (f' title="{html.escape(o[2])}"' if len(o) > 2 and o[2] != o[1] else "")
        + f">{html.escape(o[1])}</option>"
        for o in options
    )
    return (
        f'<label style="{LABEL_STYLE}">{html.escape(label)} <select {ident}{target}>'
        f'<option value="">{html.escape(every)}</option>{items}</select></label>'
    )


def filter_form(
    target_id: str,
    controls: list[str],
    *,
    count_text: str = "rows shown",
    hidden: bool = True,
    form_id: str | None = None,
    count_id: str | None = None,
    style: str = "",
) -> str:
    """A form of filter `controls` for the rows under `target_id`, and how many are shown.

    `hidden` until the script runs (a page without JavaScript shows no dead controls).
    """
    attrs = f' id="{html.escape(form_id)}"' if form_id else ""
    attrs += f' style="{html.escape(style)}"' if style else ""
    count = f' id="{html.escape(count_id)}"' if count_id else ""
    return (
        f'<form class="kashgar-filters"{attrs} data-for="{html.escape(target_id)}" '
        f'onsubmit="return false"{" hidden" if hidden else ""}>{"".join(controls)}'
        f'<span class="muted"><span class="kashgar-count"{count}></span> '
        f"{html.escape(count_text)}</span></form>"
    )
