"""Declarative customizations jxc_app adds to ERPNext doctypes.

Plain data (no frappe import) so the pure tier can lint it; applied by
`jxc_app.setup.install.sync_customizations` and removed on uninstall.
"""

from jxc_app.rules.sales_return import DISPOSITIONS as SALES_RETURN_DISPOSITIONS
from jxc_app.rules.stock_transfer import DISPOSITIONS

# Custom fields are prefixed with ``jxc_`` so they never collide with ERPNext or
# other apps and so uninstall can find exactly what is ours.
PINYIN_FIELD = "jxc_pinyin_abbr"

# doctype -> the field whose Chinese text gives the pinyin initials
PINYIN_SOURCE_FIELDS = {
	"Item": "item_name",
	"Customer": "customer_name",
	"Supplier": "supplier_name",
}

CUSTOM_FIELDS = {
	**{
		doctype: [
			{
				"fieldname": PINYIN_FIELD,
				"label": "Pinyin Initials",
				"fieldtype": "Data",
				"insert_after": source_field,
				"read_only": 1,
				"no_copy": 1,
				"search_index": 1,
				"translatable": 0,
				"description": "Filled automatically from the name, for search by pinyin initials",
			}
		]
		for doctype, source_field in PINYIN_SOURCE_FIELDS.items()
	},
	"Department": [
		{
			# a User, not an Employee: Employee links to Department, and a link back would make a
			# cycle that breaks the order in which Frappe's test runner makes test records
			"fieldname": "jxc_department_head",
			"label": "Department Head",
			"fieldtype": "Link",
			"options": "User",
			"insert_after": "parent_department",
			"description": "Approver when an approval step asks for the requester's department head",
		}
	],
	"Cost Center": [
		{
			"fieldname": "jxc_cost_center_manager",
			"label": "Cost Center Manager",
			"fieldtype": "Link",
			"options": "User",
			"insert_after": "parent_cost_center",
			"description": "Approver when an approval step asks for the cost center's manager",
		}
	],
}

# 预警中心 (jxc_app.jxc_alerts): the warehouse's keeper, who receives its alerts when a rule says so
KEEPER_FIELD = "jxc_keeper"
CUSTOM_FIELDS["Warehouse"] = [
	{
		"fieldname": KEEPER_FIELD,
		"label": "Warehouse Keeper",
		"fieldtype": "Link",
		"options": "User",
		"insert_after": "parent_warehouse",
		"description": "Receives the alerts of this warehouse when an alert rule notifies the keeper",
	}
]

# 库存上下限 (jxc_app.jxc_alerts): per warehouse 安全库存 / 最低 / 最高 quantity and a maximum stock value
# on the item, entered in its grid or imported with Data Import (a child table of Item).
STOCK_LIMITS_FIELD = "jxc_stock_limits"
CUSTOM_FIELDS["Item"] += [
	{
		"fieldname": "jxc_stock_limits_section",
		"label": "Stock Limits",
		"fieldtype": "Section Break",
		"insert_after": "reorder_levels",
		"collapsible": 1,
		"depends_on": "eval:doc.is_stock_item",
	},
	{
		"fieldname": STOCK_LIMITS_FIELD,
		"label": "Stock Limits",
		"fieldtype": "Table",
		"options": "JXC Stock Limit",
		"insert_after": "jxc_stock_limits_section",
		"description": "Low-stock and overstock alerts per warehouse",
	},
]

# Buying documents remember the requisition line they come from. The same fieldnames on RFQ,
# Supplier Quotation and Purchase Order lines let ERPNext's own mappings (RFQ → Supplier Quotation →
# Purchase Order) carry the link, so ordered quantities flow back whichever way a line was ordered.
# Not no_copy: get_mapped_doc skips no_copy fields.
REQUISITION_LINK_DOCTYPES = ["Request for Quotation Item", "Supplier Quotation Item", "Purchase Order Item"]
for _doctype in REQUISITION_LINK_DOCTYPES:
	CUSTOM_FIELDS[_doctype] = [
		{
			"fieldname": "jxc_purchase_requisition",
			"label": "Purchase Requisition",
			"fieldtype": "Link",
			"options": "Purchase Requisition",
			"insert_after": "material_request_item",
			"read_only": 1,
			"no_copy": 0,
			"search_index": 1,
		},
		{
			"fieldname": "jxc_purchase_requisition_item",
			"label": "Purchase Requisition Item",
			"fieldtype": "Data",
			"insert_after": "jxc_purchase_requisition",
			"read_only": 1,
			"hidden": 1,
			"no_copy": 0,
			"search_index": 1,
		},
	]

# A supplier quotes its own minimum order quantity (起订量); the comparison sets aside a quote
# whose minimum the line does not reach. Item.min_order_qty stays the fallback.
CUSTOM_FIELDS["Supplier Quotation Item"].append(
	{
		"fieldname": "jxc_min_order_qty",
		"label": "Minimum Order Qty",
		"fieldtype": "Float",
		"insert_after": "lead_time_days",
		"description": "The supplier's minimum order quantity for this item, in the line's UOM",
	}
)

# The comparison (比价单) a Purchase Order was created from: shown on the order, and the
# comparison's connections find its orders by it.
CUSTOM_FIELDS["Purchase Order"] = [
	{
		"fieldname": "jxc_supplier_quotation_comparison",
		"label": "Supplier Quotation Comparison",
		"fieldtype": "Link",
		"options": "Supplier Quotation Comparison",
		"insert_after": "supplier",
		"read_only": 1,
		"no_copy": 1,
		"search_index": 1,
	}
]

# Stock Entries made by a Stock Transfer Order (调拨单): the order on the entry, and on each row
# the order line and what the row did with the goods (one of the rule's DISPOSITIONS).
CUSTOM_FIELDS["Stock Entry"] = [
	{
		"fieldname": "jxc_stock_transfer_order",
		"label": "Stock Transfer Order",
		"fieldtype": "Link",
		"options": "Stock Transfer Order",
		"insert_after": "stock_entry_type",
		"read_only": 1,
		"no_copy": 1,
		"search_index": 1,
	}
]
CUSTOM_FIELDS["Stock Entry Detail"] = [
	{
		"fieldname": "jxc_stock_transfer_order_item",
		"label": "Stock Transfer Order Line",
		"fieldtype": "Data",
		"insert_after": "ste_detail",
		"read_only": 1,
		"hidden": 1,
		"no_copy": 1,
		"search_index": 1,
	},
	{
		"fieldname": "jxc_transfer_disposition",
		"label": "Transfer Disposition",
		"fieldtype": "Select",
		"options": "\n" + "\n".join(DISPOSITIONS),
		"insert_after": "jxc_stock_transfer_order_item",
		"read_only": 1,
		"no_copy": 1,
		"in_list_view": 0,
	},
]

# The Stock Reconciliation a stocktake posted (盘点单 → 库存盘点调整).
CUSTOM_FIELDS["Stock Reconciliation"] = [
	{
		"fieldname": "jxc_stocktake",
		"label": "Stocktake",
		"fieldtype": "Link",
		"options": "Stocktake",
		"insert_after": "purpose",
		"read_only": 1,
		"no_copy": 1,
		"search_index": 1,
	}
]

# 到货验收 and 采购退换货 (jxc_app.jxc_returns): the reason a receipt line's rejected quantity was
# rejected, and the Purchase Return Request an ERPNext document was made for (a return receipt, a
# replacement receipt, a debit note, a refund), with the request line on the receipt's rows.
RETURN_REQUEST_FIELD = "jxc_purchase_return_request"
RETURN_REQUEST_ITEM_FIELD = "jxc_purchase_return_request_item"
REJECT_REASON_FIELD = "jxc_reject_reason"
CUSTOM_FIELDS["Purchase Receipt Item"] = [
	{
		"fieldname": REJECT_REASON_FIELD,
		"label": "Reject Reason",
		"fieldtype": "Link",
		"options": "Return Reason",
		"insert_after": "rejected_warehouse",
		"depends_on": "eval:doc.rejected_qty",
		"description": "Why the rejected quantity was rejected at inspection",
	},
	{
		"fieldname": RETURN_REQUEST_ITEM_FIELD,
		"label": "Purchase Return Request Line",
		"fieldtype": "Data",
		"insert_after": REJECT_REASON_FIELD,
		"read_only": 1,
		"hidden": 1,
		"no_copy": 1,
		"search_index": 1,
	},
]
for _doctype, _after in (
	("Purchase Receipt", "supplier"),
	("Purchase Invoice", "supplier"),
	("Payment Entry", "party"),
):
	CUSTOM_FIELDS.setdefault(_doctype, []).append(
		{
			"fieldname": RETURN_REQUEST_FIELD,
			"label": "Purchase Return Request",
			"fieldtype": "Link",
			"options": "Purchase Return Request",
			"insert_after": _after,
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
			"depends_on": f"eval:doc.{RETURN_REQUEST_FIELD}",
		}
	)

# ERPNext documents that show their approval state in list and form (filterable in the list).
# Any submittable doctype can be approved; these are the ones users most often look at.
APPROVAL_STATUS_FIELD = "jxc_approval_status"
APPROVAL_STATUS_DOCTYPES = [
	"Purchase Order",
	"Sales Order",
	"Quotation",
	"Material Request",
	"Stock Entry",
	"Stock Reconciliation",
	"Payment Entry",
	"Purchase Invoice",
	"Sales Invoice",
]
for _doctype in APPROVAL_STATUS_DOCTYPES:
	CUSTOM_FIELDS.setdefault(_doctype, []).append(
		{
			"fieldname": APPROVAL_STATUS_FIELD,
			"label": "Approval Status",
			"fieldtype": "Select",
			"options": "\nPending Approval\nApproved\nRejected\nWithdrawn",
			"insert_after": "amended_from",
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"in_list_view": 1,
			"in_standard_filter": 1,
			"translatable": 0,
		}
	)

# Property setters that extend a DocType-level list property: jxc_app adds its
# entries to whatever the site already has and takes exactly them away on uninstall.
SEARCH_FIELD_ADDITIONS = {doctype: [PINYIN_FIELD] for doctype in PINYIN_SOURCE_FIELDS}

# DocType-level properties (Property Setters) we keep while installed. User links show the person's
# full name (王强), not their login: requester, approvers, counters, keepers, assignees.
DOCTYPE_PROPERTIES = {"User": {"show_title_field_in_link": "1"}}

# Indexes jxc_app adds to ERPNext's tables while installed (name: columns). The 进销存汇总表 and
# 出入库明细 read a warehouse's ledger over a stretch of days; ERPNext indexes the ledger by posting
# time, and by item then warehouse, but not by warehouse then posting time: without this one a
# warehouse's half month is found by reading every warehouse's (issue #16).
TABLE_INDEXES = {
	"Stock Ledger Entry": {"jxc_warehouse_posting_datetime": ["warehouse", "posting_datetime"]},
}

# Roles jxc_app adds; ERPNext's own buying/stock/selling/accounts roles are reused.
ROLES = [
	{"role_name": "General Manager", "desk_access": 1},
	# 盘点员: counts stocktakes and nothing else (see jxc_app.jxc_inventory.stocktake)
	{"role_name": "Stocktake Counter", "desk_access": 1},
]

# Approval rules a new site starts with (admins may change or disable them; never overwritten).
# A comparison that awards a line to neither the best-scored nor the lowest-priced quote, or on a
# single quote, needs the purchase manager's approval.
DEFAULT_APPROVAL_RULES = [
	{
		"rule_name": "比价例外审批",
		"reference_doctype": "Supplier Quotation Comparison",
		"description": "Awards other than the best-scored or lowest-priced quote, or on a single quote",
		"conditions": [{"fieldname": "requires_approval", "operator": "=", "value": "1"}],
		"steps": [{"step_name": "采购经理", "approver_type": "Role", "role": "Purchase Manager"}],
	}
]

# 销售退换货 (jxc_app.jxc_returns, Sales Return Request): the request an ERPNext document was made
# for (a return Delivery Note, a replacement Delivery Note, a credit note or an invoice, a refund, a
# Stock Entry of the inspection), with the request line (or replacement line) on its rows; on
# delivered and invoiced lines, the quantity open requests claim (what may still be returned).
SALES_RETURN_FIELD = "jxc_sales_return_request"
SALES_RETURN_ITEM_FIELD = "jxc_sales_return_request_item"
SALES_RETURN_REPLACEMENT_FIELD = "jxc_sales_return_replacement"
SALES_RETURN_CLAIMED_FIELD = "jxc_return_claimed_qty"
SALES_RETURN_DISPOSITION_FIELD = "jxc_return_disposition"
for _doctype, _after in (
	("Delivery Note", "return_against"),
	("Sales Invoice", "return_against"),
	("Payment Entry", "party"),
	("Stock Entry", "stock_entry_type"),
):
	CUSTOM_FIELDS.setdefault(_doctype, []).append(
		{
			"fieldname": SALES_RETURN_FIELD,
			"label": "Sales Return Request",
			"fieldtype": "Link",
			"options": "Sales Return Request",
			"insert_after": _after,
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
			"depends_on": f"eval:doc.{SALES_RETURN_FIELD}",
		}
	)
for _doctype, _after in (("Delivery Note Item", "returned_qty"), ("Sales Invoice Item", "dn_detail")):
	CUSTOM_FIELDS.setdefault(_doctype, []).extend(
		[
			{
				"fieldname": SALES_RETURN_ITEM_FIELD,
				"label": "Sales Return Request Line",
				"fieldtype": "Data",
				"insert_after": _after,
				"read_only": 1,
				"hidden": 1,
				"no_copy": 1,
				"search_index": 1,
			},
			{
				"fieldname": SALES_RETURN_REPLACEMENT_FIELD,
				"label": "Sales Return Replacement Line",
				"fieldtype": "Data",
				"insert_after": SALES_RETURN_ITEM_FIELD,
				"read_only": 1,
				"hidden": 1,
				"no_copy": 1,
				"search_index": 1,
			},
			{
				"fieldname": SALES_RETURN_CLAIMED_FIELD,
				"label": "Return Requested Qty",
				"fieldtype": "Float",
				"insert_after": SALES_RETURN_REPLACEMENT_FIELD,
				"read_only": 1,
				"no_copy": 1,
				"allow_on_submit": 1,
				"depends_on": f"eval:doc.{SALES_RETURN_CLAIMED_FIELD}",
				"description": "Claimed by open return requests and not yet returned (stock units)",
			},
		]
	)
CUSTOM_FIELDS.setdefault("Stock Entry Detail", []).extend(
	[
		{
			"fieldname": SALES_RETURN_ITEM_FIELD,
			"label": "Sales Return Request Line",
			"fieldtype": "Data",
			"insert_after": "jxc_transfer_disposition",
			"read_only": 1,
			"hidden": 1,
			"no_copy": 1,
			"search_index": 1,
		},
		{
			"fieldname": SALES_RETURN_DISPOSITION_FIELD,
			"label": "Return Disposition",
			"fieldtype": "Select",
			"options": "\n" + "\n".join(SALES_RETURN_DISPOSITIONS),
			"insert_after": SALES_RETURN_ITEM_FIELD,
			"read_only": 1,
			"no_copy": 1,
		},
	]
)

# Reasons a new site starts with for returns (退货原因; admins may change or disable them).
DEFAULT_RETURN_REASONS = ["质量问题", "发错货", "运输破损", "临期/过期", "客户原因"]

# 价格与毛利管控 (jxc_app.jxc_selling.pricing): figures computed on every save of a Quotation or Sales
# Order, which approval rules look at (lowest margin %, highest discount %, below minimum price, over
# maximum discount). Costs and margins are at COST_PERMLEVEL, which only FIELD_PERMISSIONS' roles
# read (ERPNext uses permlevel 1 on these DocTypes, and gives it to Sales User on Quotation).
COST_PERMLEVEL = 2
PRICE_CONTROL_DOCTYPES = {"Quotation": "Quotation Item", "Sales Order": "Sales Order Item"}
for _doctype, _item_doctype in PRICE_CONTROL_DOCTYPES.items():
	CUSTOM_FIELDS.setdefault(_doctype, []).extend(
		[
			{
				"fieldname": "jxc_price_control_section",
				"label": "Price Control",
				"fieldtype": "Section Break",
				"insert_after": "base_net_total",
				"collapsible": 1,
				# open when something needs the approver's eye
				"collapsible_depends_on": "eval:doc.jxc_below_min_price || doc.jxc_over_max_discount"
				" || doc.jxc_approval_status == 'Pending Approval'",
			},
			{
				"fieldname": "jxc_highest_discount_pct",
				"label": "Highest Discount %",
				"fieldtype": "Percent",
				"insert_after": "jxc_price_control_section",
				"read_only": 1,
				"no_copy": 1,
				"description": "The largest discount of a line from its price list rate",
			},
			{
				"fieldname": "jxc_below_min_price",
				"label": "Below Minimum Price",
				"fieldtype": "Check",
				"insert_after": "jxc_highest_discount_pct",
				"read_only": 1,
				"no_copy": 1,
			},
			{
				"fieldname": "jxc_over_max_discount",
				"label": "Over Maximum Discount",
				"fieldtype": "Check",
				"insert_after": "jxc_below_min_price",
				"read_only": 1,
				"no_copy": 1,
			},
			{
				"fieldname": "jxc_lowest_margin_pct",
				"label": "Lowest Margin %",
				"fieldtype": "Percent",
				"insert_after": "jxc_over_max_discount",
				"read_only": 1,
				"no_copy": 1,
				"permlevel": COST_PERMLEVEL,
			},
			{
				"fieldname": "jxc_gross_margin_pct",
				"label": "Gross Margin %",
				"fieldtype": "Percent",
				"insert_after": "jxc_lowest_margin_pct",
				"read_only": 1,
				"no_copy": 1,
				"permlevel": COST_PERMLEVEL,
				"description": "Of the whole document, weighted by amount",
			},
			{
				"fieldname": "jxc_price_control_reasons",
				"label": "Price Control Reasons",
				"fieldtype": "Small Text",
				"insert_after": "jxc_gross_margin_pct",
				"read_only": 1,
				"no_copy": 1,
				"permlevel": COST_PERMLEVEL,
				"depends_on": "eval:doc.jxc_price_control_reasons",
			},
		]
	)
	CUSTOM_FIELDS.setdefault(_item_doctype, []).extend(
		[
			{
				"fieldname": "jxc_cost_rate",
				"label": "Cost Rate",
				"fieldtype": "Currency",
				"options": "Company:company:default_currency",
				"insert_after": "base_net_amount",
				"read_only": 1,
				"no_copy": 1,
				"permlevel": COST_PERMLEVEL,
				"description": "Per stock UOM: the warehouse's valuation rate, else the last purchase rate",
			},
			{
				"fieldname": "jxc_margin_pct",
				"label": "Margin %",
				"fieldtype": "Percent",
				"insert_after": "jxc_cost_rate",
				"read_only": 1,
				"no_copy": 1,
				"permlevel": COST_PERMLEVEL,
			},
			{
				"fieldname": "jxc_below_min_price",
				"label": "Below Minimum Price",
				"fieldtype": "Check",
				"insert_after": "jxc_margin_pct",
				"read_only": 1,
				"no_copy": 1,
			},
		]
	)

# ERPNext's own cost figures on the lines, raised to the costs' level (Property Setters while installed):
# (doctype, fieldname) -> {property: value}.
FIELD_PROPERTIES = {
	(_item_doctype, _fieldname): {"permlevel": str(COST_PERMLEVEL)}
	for _item_doctype in PRICE_CONTROL_DOCTYPES.values()
	for _fieldname in ("valuation_rate", "gross_profit")
}

# Read access at a permission level on ERPNext DocTypes (Custom DocPerm): doctype -> [(role, permlevel)].
FIELD_PERMISSIONS = {
	doctype: [(role, COST_PERMLEVEL) for role in ("Sales Manager", "Accounts Manager", "System Manager")]
	for doctype in PRICE_CONTROL_DOCTYPES
}

# 信用管控 (jxc_app.jxc_selling.credit): the customer's credit as the order shows it (limit, used =
# outstanding plus open orders, available, overdue invoices) and whether it needs 信用审批
# (jxc_credit_check, which an Approval Rule's condition reads). On Customer, the stamp each credit-checked
# order submit writes, so orders submitted at the same time see each other.
CREDIT_CHECK_FIELD = "jxc_credit_check"
CREDIT_CHECKS = ("OK", "Over Limit", "Overdue")  # jxc_app.rules.credit.STATUSES
CUSTOM_FIELDS.setdefault("Sales Order", []).extend(
	[
		{
			"fieldname": "jxc_credit_section",
			"label": "Credit Control",
			"fieldtype": "Section Break",
			"insert_after": "discount_amount",
			"depends_on": f"eval:doc.{CREDIT_CHECK_FIELD}",
		},
		{
			"fieldname": CREDIT_CHECK_FIELD,
			"label": "Credit Check",
			"fieldtype": "Select",
			"options": "\n" + "\n".join(CREDIT_CHECKS),
			"insert_after": "jxc_credit_section",
			"read_only": 1,
			"no_copy": 1,
			"in_standard_filter": 1,
			"translatable": 0,
			"description": "Over Limit or Overdue: the order needs credit approval (信用审批)",
		},
		*(
			{
				"fieldname": fieldname,
				"label": label,
				"fieldtype": "Currency",
				"options": "Company:company:default_currency",
				"insert_after": after,
				"read_only": 1,
				"no_copy": 1,
			}
			for fieldname, label, after in (
				("jxc_credit_limit", "Credit Limit", CREDIT_CHECK_FIELD),
				("jxc_credit_used", "Credit Used", "jxc_credit_limit"),
				("jxc_credit_available", "Credit Available", "jxc_credit_used"),
			)
		),
		{
			"fieldname": "jxc_credit_column",
			"label": "Overdue",
			"fieldtype": "Column Break",
			"insert_after": "jxc_credit_available",
		},
		{
			"fieldname": "jxc_overdue_amount",
			"label": "Overdue Amount",
			"fieldtype": "Currency",
			"options": "Company:company:default_currency",
			"insert_after": "jxc_credit_column",
			"read_only": 1,
			"no_copy": 1,
		},
		{
			"fieldname": "jxc_max_overdue_days",
			"label": "Max Overdue Days",
			"fieldtype": "Int",
			"insert_after": "jxc_overdue_amount",
			"read_only": 1,
			"no_copy": 1,
		},
	]
)
# Internal control (price, margin, credit) is never printed on a document that goes to the customer,
# whoever prints it (ERPNext keeps its own cost fields off prints the same way).
INTERNAL_CONTROL_FIELDS = frozenset(
	{
		"jxc_price_control_section",
		"jxc_highest_discount_pct",
		"jxc_below_min_price",
		"jxc_over_max_discount",
		"jxc_lowest_margin_pct",
		"jxc_gross_margin_pct",
		"jxc_price_control_reasons",
		"jxc_cost_rate",
		"jxc_margin_pct",
		"jxc_credit_section",
		CREDIT_CHECK_FIELD,
		"jxc_credit_limit",
		"jxc_credit_used",
		"jxc_credit_available",
		"jxc_credit_column",
		"jxc_overdue_amount",
		"jxc_max_overdue_days",
	}
)
for _doctype in (*PRICE_CONTROL_DOCTYPES, *PRICE_CONTROL_DOCTYPES.values()):
	for _field in CUSTOM_FIELDS[_doctype]:
		if _field["fieldname"] in INTERNAL_CONTROL_FIELDS:
			_field["print_hide"] = 1
CUSTOM_FIELDS.setdefault("Customer", []).append(
	{
		"fieldname": "jxc_credit_stamp",
		"label": "Credit Check Stamp",
		"fieldtype": "Data",
		"insert_after": "credit_limits",
		"read_only": 1,
		"hidden": 1,
		"no_copy": 1,
	}
)
