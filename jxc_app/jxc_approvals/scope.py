"""What an approval covers (审批范围): everything a person can edit that matters to the decision.

An approval is given for one state of a document. Its signature covers:

- the amount the rule looked at, and every field a rule condition reads (computed or not);
- every header field and every line field that a person can edit (not read-only), on the
  document's own fields and on its child tables (lines, taxes and charges, payment terms …):
  party, company, currency and rate, warehouses, price list, item, qty, UOM and conversion factor,
  rate, discount, batch, serial and so on, whatever the DocType calls them;
- the rule and its steps as they apply to the document (which steps run, and the document values a
  step takes its approvers from), so a document that now matches another rule or another chain
  is not approved.

Free to change after approval are only the fields declared below: how the document is printed
and annotated (``COMMON_FREE_FIELDS``), and a short list per DocType (``FREE_FIELDS``). Posting
date and time are free while ERPNext sets them itself at submit (``set_posting_time`` unticked).
"""

import frappe
from frappe.model import child_table_fields, default_fields, no_value_fields, numeric_fieldtypes, table_fields
from frappe.model.workflow import get_workflow_name, get_workflow_state_field
from frappe.utils import cstr, flt, get_datetime, get_time, getdate

from jxc_app.rules import approval as approval_rules

# Free to change on every DocType: how a document is printed, titled and annotated.
COMMON_FREE_FIELDS = frozenset(
	{
		"status",  # ERPNext computes it (some DocTypes leave it editable)
		"remarks",
		"user_remark",
		"terms",
		"tc_name",
		"letter_head",
		"select_print_heading",
		"language",
		"title",
		"naming_series",
		"scan_barcode",
		"instructions",
	}
)

# Free to change per DocType; "table.field" names a field of a child table.
FREE_FIELDS: dict[str, frozenset[str]] = {
	# the required-by date
	"Purchase Order": frozenset({"schedule_date", "items.schedule_date", "items.expected_delivery_date"}),
	"Material Request": frozenset({"schedule_date", "items.schedule_date"}),
	"Purchase Requisition": frozenset({"required_by", "items.schedule_date", "items.notes"}),
	"Stock Transfer Order": frozenset({"required_date"}),
}

# ERPNext sets these to the moment of submit unless the user fixes them with set_posting_time.
POSTING_FIELDS = ("posting_date", "posting_time")

# Line fields ERPNext computes itself at submit on some rows: (DocType, table, field) -> on which rows.
# An outgoing stock line's basic rate is its valuation at posting, unless the user set it by hand.
SET_BY_ERPNEXT_ON_ROWS = {
	("Stock Entry", "items", "basic_rate"): lambda row: bool(
		row.get("s_warehouse") and not row.get("set_basic_rate_manually")
	),
}

# layout, and "Read Only" fields (computed for display)
SKIPPED_FIELDTYPES = (frozenset(no_value_fields) - frozenset(table_fields)) | {"Read Only"}


def _free_fields(doc) -> set[str]:
	free = set(COMMON_FREE_FIELDS | FREE_FIELDS.get(doc.doctype, frozenset()))
	workflow = get_workflow_name(doc.doctype)
	if workflow:
		free.add(get_workflow_state_field(workflow))
	if doc.meta.has_field("set_posting_time") and not doc.get("set_posting_time"):
		free.update(POSTING_FIELDS)
	return free


def _editable_fields(meta, free: set[str], prefix: str = "") -> list:
	skip = set(default_fields) | set(child_table_fields)
	return [
		df
		for df in meta.fields
		if df.fieldtype not in SKIPPED_FIELDTYPES
		and df.fieldname not in skip
		and not df.read_only
		and not df.is_virtual
		and f"{prefix}{df.fieldname}" not in free
	]


def _value(df, value):
	if value in (None, ""):
		return None
	if df.fieldtype in numeric_fieldtypes:
		# as the database keeps it (decimal(21,9)): a value computed in memory (0.6000000000000001)
		# and the same value read back (0.6) are one value
		return flt(value, 9)
	if df.fieldtype == "Date":
		return str(getdate(value))
	if df.fieldtype == "Datetime":
		return str(get_datetime(value).replace(microsecond=0))
	if df.fieldtype == "Time":
		return str(get_time(value).replace(microsecond=0))
	return cstr(value)


def covered_values(doc, condition_fields=()) -> tuple[dict, dict[str, list[dict]]]:
	"""The header values and the child-table rows an approval of ``doc`` covers."""
	free = _free_fields(doc)
	header, tables = {}, {}
	for df in _editable_fields(doc.meta, free):
		if df.fieldtype in table_fields:
			child_meta = frappe.get_meta(df.options)
			child_fields = _editable_fields(child_meta, free, prefix=f"{df.fieldname}.")
			computed = {
				fieldname: applies
				for (doctype, table, fieldname), applies in SET_BY_ERPNEXT_ON_ROWS.items()
				if doctype == doc.doctype and table == df.fieldname
			}
			tables[df.fieldname] = [
				{
					child.fieldname: _value(child, row.get(child.fieldname))
					for child in child_fields
					if not (child.fieldname in computed and computed[child.fieldname](row))
				}
				for row in doc.get(df.fieldname) or []
			]
		else:
			header[df.fieldname] = _value(df, doc.get(df.fieldname))
	for fieldname in condition_fields:
		df = doc.meta.get_field(fieldname)
		if df and df.fieldtype not in table_fields:
			header[fieldname] = _value(df, doc.get(fieldname))
	return header, tables


def chain_inputs(doc, rule: dict, department: str | None) -> list[tuple]:
	"""The rule and its steps, with the document values each step takes its approvers from."""
	links = [("rule", rule["name"]), ("department", department)]
	for step in sorted(rule.get("steps") or [], key=lambda row: row["idx"]):
		source = None
		if step["approver_type"] == "Document Field":
			source = doc.get(step.get("document_field"))
		elif step["approver_type"] == "Cost Center Manager":
			source = doc.get("cost_center") or next(
				(row.cost_center for row in doc.get("items") or [] if row.get("cost_center")), None
			)
		links.append(
			(
				step["idx"],
				step["approver_type"],
				step.get("role"),
				step.get("user"),
				step.get("document_field"),
				step["mode"],
				flt(step.get("skip_below_amount")),
				source,
			)
		)
	return links


def signature(doc, rule: dict, amount: float, department: str | None) -> str:
	header, tables = covered_values(doc, [c["fieldname"] for c in rule.get("conditions") or []])
	return approval_rules.document_signature(
		amount, header=header, tables=tables, chain=chain_inputs(doc, rule, department)
	)
