# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt
"""盘点进度: per stocktake and counter, lines counted and to recount, entries made. No book
quantities: counters may open it."""

from collections import defaultdict

import frappe
from frappe import _

from jxc_app.utils import arguments
from jxc_app.utils.report_columns import column


def execute(filters=None):
	filters = arguments.report_filters(filters, text=("company", "stocktake"))
	conditions = {"status": ("in", ("Counting", "Recount", "Counted", "Pending Approval"))}
	if filters.get("stocktake"):
		conditions = {"name": filters.stocktake}
	if filters.get("company"):
		conditions["company"] = filters.company
	stocktakes = frappe.get_list(
		"Stocktake",
		filters=conditions,
		fields=["name", "title", "status", "total_lines", "counted_lines", "recount_lines"],
		limit_page_length=0,
	)
	rows = []
	for stocktake in stocktakes:
		entries = frappe.get_all(
			"Stocktake Count Entry",
			filters={"stocktake": stocktake.name},
			fields=["counter", "line", "is_recount"],
		)
		lines = {entry.line for entry in entries if not entry.is_recount}
		by_counter = defaultdict(lambda: {"entries": 0, "lines": set(), "recounts": 0})
		for entry in entries:
			mine = by_counter[entry.counter]
			mine["entries"] += 1
			mine["lines"].add(entry.line)
			mine["recounts"] += entry.is_recount
		rows.append(
			{
				"stocktake": stocktake.name,
				"title": stocktake.title,
				"status": _(stocktake.status),
				"total_lines": stocktake.total_lines,
				"lines_counted": len(lines),
				"percent": round(100 * len(lines) / stocktake.total_lines, 1) if stocktake.total_lines else 0,
				"recount_lines": stocktake.recount_lines,
				"indent": 0,
			}
		)
		for counter, mine in sorted(by_counter.items()):
			rows.append(
				{
					"stocktake": stocktake.name,
					"counter": counter,
					"entries": mine["entries"],
					"lines_counted": len(mine["lines"]),
					"recount_entries": mine["recounts"],
					"indent": 1,
				}
			)
	return columns(), rows


def columns():
	return [
		column("stocktake", _("Stocktake"), "Link", "Stocktake", 130),
		column("title", _("Title"), "Data", None, 160),
		column("status", _("Status"), "Data"),
		column("counter", _("Counter"), "Link", "User", 160),
		column("total_lines", _("Lines"), "Int"),
		column("lines_counted", _("Counted Lines"), "Int"),
		column("percent", _("% Counted"), "Percent"),
		column("entries", _("Entries"), "Int"),
		column("recount_lines", _("Lines to Recount"), "Int"),
		column("recount_entries", _("Recount Entries"), "Int"),
	]
