"""退货分析: what customers returned, by reason, item, customer or month, with the return rate
(returned ÷ delivered quantity) and value.

Returned is what the submitted Sales Return Requests of the period (by their date) brought back
(received) or refunded without goods (credited), at the line's rate; delivered is what the
company's Delivery Notes of the period delivered of the same item / customer / month (for a reason,
everything delivered)."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import add_months, flt, getdate, nowdate

from jxc_app.rules import sales_return as rules
from jxc_app.utils import arguments
from jxc_app.utils.report_columns import column

GROUPS = ("Reason", "Item", "Customer", "Month")


def execute(filters=None):
	filters = arguments.report_filters(
		filters,
		text=("company", "customer", "item_code"),
		dates=("from_date", "to_date"),
		choices={"group_by": GROUPS},
	)
	return ReturnAnalysis(filters).run()


class ReturnAnalysis:
	def __init__(self, filters):
		self.filters = filters
		self.group_by = filters.get("group_by") or "Reason"
		self.to_date = getdate(filters.get("to_date") or nowdate())
		self.from_date = getdate(filters.get("from_date") or add_months(self.to_date, -3))

	def run(self):
		if not self.filters.get("company"):
			return self.columns(), [], None, None
		returned = self.returned()
		delivered = self.delivered()
		rows = []
		for key in sorted(returned):
			values = returned.get(key, {"qty": 0.0, "amount": 0.0, "requests": set()})
			basis = delivered.get(key if self.group_by != "Reason" else None, 0.0)
			rows.append(
				frappe._dict(
					group=key,
					group_label=_(key) if self.group_by == "Reason" else key,
					returned_qty=values["qty"],
					returned_amount=values["amount"],
					requests=len(values["requests"]),
					delivered_qty=basis,
					return_rate=rules.return_rate(values["qty"], basis),
				)
			)
		rows.sort(key=lambda row: -row.returned_amount)
		chart = {
			"data": {
				"labels": [row.group_label for row in rows[:10]],
				"datasets": [
					{"name": _("Returned Amount"), "values": [row.returned_amount for row in rows[:10]]}
				],
			},
			"type": "bar",
		}
		return self.columns(), rows, None, chart

	def columns(self):
		return [
			column("group_label", _(self.group_by), width=180),
			column("returned_qty", _("Returned Qty"), "Float"),
			column("returned_amount", _("Returned Amount"), "Currency", width=120),
			column("delivered_qty", _("Delivered Qty"), "Float"),
			column("return_rate", _("Return Rate %"), "Percent"),
			column("requests", _("Requests"), "Int", width=80),
		]

	def _key(self, row) -> str:
		return {
			"Reason": row.reason,
			"Item": row.item_code,
			"Customer": row.customer,
			"Month": str(row.posting_date)[:7],
		}[self.group_by]

	def returned(self) -> dict:
		request, line = (
			frappe.qb.DocType("Sales Return Request"),
			frappe.qb.DocType("Sales Return Request Item"),
		)
		query = (
			frappe.qb.from_(line)
			.join(request)
			.on(request.name == line.parent)
			.select(
				request.name.as_("request"),
				request.customer,
				request.posting_date,
				line.item_code,
				line.reason,
				line.resolution,
				line.rate,
				line.received_qty,
				line.credited_qty,
			)
			.where(
				(request.docstatus == 1)
				& (request.company == self.filters.company)
				& (request.posting_date[self.from_date : self.to_date])
			)
		)
		if self.filters.get("customer"):
			query = query.where(request.customer == self.filters.customer)
		if self.filters.get("item_code"):
			query = query.where(line.item_code == self.filters.item_code)
		result: dict = defaultdict(lambda: {"qty": 0.0, "amount": 0.0, "requests": set()})
		for row in query.run(as_dict=True):
			qty = flt(row.credited_qty if row.resolution == rules.REFUND_ONLY else row.received_qty)
			if qty <= rules.QTY_TOLERANCE:
				continue
			values = result[self._key(row)]
			values["qty"] += qty
			values["amount"] += round(qty * flt(row.rate), 2)
			values["requests"].add(row.request)
		return result

	def delivered(self) -> dict:
		note, item = frappe.qb.DocType("Delivery Note"), frappe.qb.DocType("Delivery Note Item")
		key = {
			"Reason": None,
			"Item": item.item_code,
			"Customer": note.customer,
			"Month": note.posting_date,
		}[self.group_by]
		query = (
			frappe.qb.from_(item)
			.join(note)
			.on(note.name == item.parent)
			.select(Sum(item.stock_qty).as_("qty"))
			.where(
				(note.docstatus == 1)
				& (note.is_return == 0)
				& (note.company == self.filters.company)
				& (note.posting_date[self.from_date : self.to_date])
			)
		)
		if self.filters.get("customer"):
			query = query.where(note.customer == self.filters.customer)
		if self.filters.get("item_code"):
			query = query.where(item.item_code == self.filters.item_code)
		if key is None:
			return {None: flt(query.run()[0][0])}
		result: dict = defaultdict(float)
		for qty, value in query.select(key).groupby(key).run():
			result[str(value)[:7] if self.group_by == "Month" else value] += flt(qty)
		return result
