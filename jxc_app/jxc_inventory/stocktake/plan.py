"""The plan of a stocktake: what it counts (company, warehouses, scope) and how (count mode, freeze
mode, tolerances), checked on every save and fixed once counting starts; the items of its scope."""

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import add_days, cint, flt, getdate
from frappe.utils.nestedset import get_descendants_of

from jxc_app.jxc_inventory.stocktake import states
from jxc_app.rules import stocktake as stocktake_rules

# scope -> the field it needs
SCOPE_FIELDS = {
	"Item Groups": "item_groups",
	"Chosen Items": "scope_items",
	"ABC Class": "abc_class",
	"Moved Since": "moved_since",
	"Cycle Count": "cycle_items_per_day",
}
# what the snapshot was taken for: fixed once counting has started
PLANNED_FIELDS = ("company", "scope", "count_mode", "freeze_mode", "abc_class", "moved_since")


def validate(doc):
	for row in doc.warehouses:
		if frappe.get_cached_value("Warehouse", row.warehouse, "company") != doc.company:
			frappe.throw(
				_("Warehouse {0} does not belong to company {1}.").format(row.warehouse, doc.company),
				title=_("Invalid Warehouse"),
				exc=states.StocktakeValidationError,
			)
	if flt(doc.qty_tolerance_percent) < 0 or flt(doc.value_tolerance) < 0:
		frappe.throw(
			_("Tolerances cannot be negative."),
			title=_("Invalid Tolerance"),
			exc=states.StocktakeValidationError,
		)
	required = SCOPE_FIELDS.get(doc.scope)
	if required and not doc.get(required):
		frappe.throw(
			_("Scope {0} needs {1}.").format(_(doc.scope), _(doc.meta.get_label(required))),
			title=_("Scope Incomplete"),
			exc=states.StocktakeValidationError,
		)
	if not doc.title:
		doc.title = _("Stocktake {0}").format(", ".join(states.warehouses_of(doc)))
	before = doc.get_doc_before_save()
	if before and before.status not in (states.DRAFT, states.REJECTED):
		# the snapshot was taken for this plan: changing it now would make the count meaningless
		changed = [field for field in PLANNED_FIELDS if doc.get(field) != before.get(field)]
		if sorted(states.warehouses_of(doc)) != sorted(states.warehouses_of(before)):
			changed.append("warehouses")
		if changed:
			frappe.throw(
				_("The plan cannot change once counting has started: {0}.").format(
					", ".join(_(doc.meta.get_label(field)) for field in changed)
				),
				title=_("Counting Started"),
				exc=states.StocktakeStateError,
			)
	if doc.is_new() or doc.status in (None, "", states.DRAFT):
		doc.status = states.draft_status(doc)


def scope_items(doc) -> list[str] | None:
	"""The items of the stocktake's scope; None: every stock item."""
	if doc.scope == "All Items":
		return None
	if doc.scope == "Chosen Items":
		return [row.item_code for row in doc.scope_items]
	if doc.scope == "Item Groups":
		groups = set()
		for row in doc.item_groups:
			groups.add(row.item_group)
			groups.update(get_descendants_of("Item Group", row.item_group, ignore_permissions=True))
		return frappe.get_all(
			"Item", filters={"item_group": ("in", list(groups)), "is_stock_item": 1}, pluck="name"
		)
	if doc.scope == "Moved Since":
		return _moved_since(doc)
	if doc.scope == "ABC Class":
		return _abc_class(doc)
	if doc.scope == "Cycle Count":
		catalogue = frappe.get_all("Item", filters={"is_stock_item": 1, "disabled": 0}, pluck="name")
		day = (getdate(doc.posting_date) - getdate(doc.cycle_start or doc.posting_date)).days
		return stocktake_rules.cycle_items(catalogue, cint(doc.cycle_items_per_day), max(day, 0))
	return []


def _moved_since(doc) -> list[str]:
	sle = frappe.qb.DocType("Stock Ledger Entry")
	return (
		frappe.qb.from_(sle)
		.select(sle.item_code)
		.distinct()
		.where(
			(sle.warehouse.isin(states.warehouses_of(doc)))
			& (sle.is_cancelled == 0)
			& (sle.posting_datetime >= getdate(doc.moved_since))
		)
		.run(pluck=True)
	)


def _abc_class(doc) -> list[str]:
	sle = frappe.qb.DocType("Stock Ledger Entry")
	since = add_days(getdate(doc.posting_date), -cint(doc.abc_days or 90))
	consumed = (
		frappe.qb.from_(sle)
		.select(sle.item_code, Sum(-sle.stock_value_difference))
		.where(
			(sle.company == doc.company)
			& (sle.is_cancelled == 0)
			& (sle.actual_qty < 0)
			& (sle.posting_datetime >= since)
		)
		.groupby(sle.item_code)
	).run()
	stocked = frappe.get_all("Item", filters={"is_stock_item": 1, "disabled": 0}, pluck="name")
	consumption = dict.fromkeys(stocked, 0.0)
	consumption.update({item_code: flt(value) for item_code, value in consumed})
	classes = stocktake_rules.abc_classes(consumption)
	return [item_code for item_code, klass in classes.items() if klass == doc.abc_class]
