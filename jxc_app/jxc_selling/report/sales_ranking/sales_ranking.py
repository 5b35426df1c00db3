"""销售排行与毛利分析: what sold, by item, item group, customer, sales person or territory over a
period — qty, amount, cost, gross profit and the **weighted** margin — ranked by amount, top N.

The lines and their cost are ERPNext's Gross Profit report's own (its ``GrossProfitGenerator``
grouped by invoice: submitted Sales Invoices of the period, returns netted, cost from the stock
ledger), so the totals equal that report's for the same filters. Grouping, margins and ranking are
``jxc_app.rules.sales_ranking``.

Shows costs: for Sales Manager, Accounts Manager and System Manager only (the report's roles; its
ref DocType, Pricing Rule, is one all three may report on)."""

import frappe
from erpnext.accounts.report.gross_profit.gross_profit import GrossProfitGenerator
from frappe import _
from frappe.utils import getdate

from jxc_app.rules import sales_ranking as rules
from jxc_app.utils import arguments
from jxc_app.utils.report_columns import column


class SalesRankingFilterError(frappe.ValidationError):
	pass


# the DocType a group's key links to
LINKS = {
	rules.ITEM: "Item",
	rules.ITEM_GROUP: "Item Group",
	rules.CUSTOMER: "Customer",
	rules.SALES_PERSON: "Sales Person",
	rules.TERRITORY: "Territory",
}
NAME_LABELS = {rules.ITEM: "Item Name", rules.CUSTOMER: "Customer Name"}


def execute(filters=None):
	filters = arguments.report_filters(
		filters,
		text=("company", "customer", "item_group", "warehouse"),
		dates=("from_date", "to_date"),
		integers=("top_n",),
		choices={"group_by": rules.GROUPS},
	)
	return SalesRanking(filters).run()


def _refuse(message: str):
	frappe.throw(message, title=_("Invalid Filters"), exc=SalesRankingFilterError)


class SalesRanking:
	def __init__(self, filters: frappe._dict):
		for key, label in (
			("company", _("Company")),
			("from_date", _("From Date")),
			("to_date", _("To Date")),
		):
			if not filters.get(key):
				_refuse(_("{0} is required.").format(label))
		if getdate(filters.to_date) < getdate(filters.from_date):
			_refuse(_("To Date cannot be before From Date."))
		for key, doctype in (
			("company", "Company"),
			("customer", "Customer"),
			("item_group", "Item Group"),
			("warehouse", "Warehouse"),
		):
			if filters.get(key):
				arguments.check_exists(doctype, filters[key], key)
		self.filters = filters
		self.group_by = filters.get("group_by") or rules.ITEM
		self.top_n = rules.DEFAULT_TOP_N if filters.get("top_n") is None else filters.top_n
		self.currency = frappe.get_cached_value("Company", filters.company, "default_currency")

	def run(self):
		lines = self.lines()
		teams = (
			self.sales_teams({line["invoice"] for line in lines})
			if self.group_by == rules.SALES_PERSON
			else None
		)
		try:
			rows, total = rules.ranking(lines, self.group_by, self.top_n, teams)
		except rules.SalesRankingRuleError as error:
			_refuse(
				_("The sales team shares of invoice {0} are not between 0 and 100 %.").format(
					error.figures.get("invoice")
				)
			)
		data = [self.row(row) for row in rows]
		if rows:
			data.append(self.row({**total, "rank": None, "share": 100.0}, label=_("Total")))
		return self.columns(), data, None, self.chart(rows), self.summary(total)

	def gross_profit_filters(self) -> frappe._dict:
		"""The filters of ERPNext's Gross Profit report that give our lines (a test runs that report
		with them)."""
		filters = frappe._dict(
			company=self.filters.company,
			from_date=self.filters.from_date,
			to_date=self.filters.to_date,
			group_by="Invoice",
			include_returned_invoices=1,
		)
		for key in ("item_group", "warehouse"):
			if self.filters.get(key):
				filters[key] = self.filters[key]
		return filters

	def lines(self) -> list[dict]:
		"""ERPNext's Gross Profit lines (one a Sales Invoice line; a bundle's parts are not lines)."""
		generator = GrossProfitGenerator(self.gross_profit_filters())
		customer = self.filters.get("customer")
		return [
			{
				"invoice": row.parent,
				"item_code": row.item_code,
				"item_name": row.item_name,
				"item_group": row.item_group,
				"customer": row.customer,
				"customer_name": row.customer_name,
				"territory": row.territory,
				"qty": row.qty,
				"amount": row.base_amount,
				"cost": row.buying_amount,
			}
			for row in generator.si_list
			if row.indent == 1 and (not customer or row.customer == customer)
		]

	def sales_teams(self, invoices: set[str]) -> dict[str, list[tuple[str, float]]]:
		teams: dict[str, list[tuple[str, float]]] = {}
		if not invoices:
			return teams
		team = frappe.qb.DocType("Sales Team")
		for parent, person, percent in (
			frappe.qb.from_(team)
			.select(team.parent, team.sales_person, team.allocated_percentage)
			.where((team.parenttype == "Sales Invoice") & team.parent.isin(sorted(invoices)))
			.orderby(team.idx)
			.run()
		):
			teams.setdefault(parent, []).append((person, percent))
		return teams

	def label(self, row) -> str:
		if row.get("rank") is None and row.get("others"):
			return _("Others ({0})").format(row["others"])
		if self.group_by == rules.SALES_PERSON and row.get("key") == rules.NO_SALES_PERSON:
			return _("No Sales Person")
		return row.get("name") or row.get("key") or ""

	def row(self, row: dict, label: str | None = None) -> dict:
		summary = label is not None or row.get("rank") is None
		return {
			"rank": row.get("rank"),
			"key": None if summary or row["key"] == rules.NO_SALES_PERSON else row["key"],
			"name": label or self.label(row),
			"qty": row["qty"],
			"amount": row["amount"],
			"cost": row["cost"],
			"gross_profit": row["gross_profit"],
			"margin": row["margin"],
			"share": row.get("share"),
			"currency": self.currency,
			"is_summary_row": 1 if summary else 0,
		}

	def columns(self) -> list[dict]:
		name_label = NAME_LABELS.get(self.group_by)
		return [
			column("rank", _("Rank"), "Int", width=60),
			column("key", _(self.group_by), "Link", LINKS[self.group_by], width=160),
			column("name", _(name_label) if name_label else _("Name"), width=180),
			column("qty", _("Qty"), "Float", width=90),
			column("amount", _("Amount"), "Currency", "currency", width=120),
			column("cost", _("Cost"), "Currency", "currency", width=120),
			column("gross_profit", _("Gross Profit"), "Currency", "currency", width=120),
			column("margin", _("Margin %"), "Percent", width=90),
			column("share", _("Share of Amount %"), "Percent", width=110),
		]

	def chart(self, rows: list[dict]) -> dict | None:
		ranked = [row for row in rows if row.get("rank") is not None]
		if not ranked:
			return None
		return {
			"data": {
				"labels": [self.label(row) for row in ranked],
				"datasets": [
					{"name": _("Amount"), "values": [row["amount"] for row in ranked]},
					{"name": _("Gross Profit"), "values": [row["gross_profit"] for row in ranked]},
				],
			},
			"type": "bar",
			"fieldtype": "Currency",
			"currency": self.currency,
		}

	def summary(self, total: dict) -> list[dict]:
		return [
			{
				"value": total["amount"],
				"label": _("Total Amount"),
				"datatype": "Currency",
				"currency": self.currency,
			},
			{
				"value": total["gross_profit"],
				"label": _("Total Gross Profit"),
				"datatype": "Currency",
				"currency": self.currency,
				"indicator": "Green" if total["gross_profit"] >= 0 else "Red",
			},
			{
				"value": total["margin"] or 0,
				"label": _("Weighted Margin %"),
				"datatype": "Percent",
			},
		]
