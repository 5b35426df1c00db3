app_name = "jxc_app"
app_title = "JXC"
app_publisher = "jxc_app contributors"
app_description = "进销存 (purchase, sales and inventory) for ERPNext v15 and v16: requests, quotation comparison, approval chains, transfers, stocktakes and alerts"
app_email = "dev@jxc-app.example.com"
app_license = "GPL-3.0-or-later"

required_apps = ["erpnext"]

export_python_type_annotations = True

# Installation
# ------------
after_install = [
	"jxc_app.setup.install.after_install",
	# the 进销存汇总表's period balances of every company with stock: built by jobs in the long queue
	"jxc_app.jxc_reports.period_balance.queue_builds",
]
before_uninstall = "jxc_app.setup.install.before_uninstall"
# idempotent (writes only what differs): a lost custom field comes back on the next migrate
after_migrate = "jxc_app.setup.install.sync_customizations"

# Tests
# -----
before_tests = "jxc_app.setup.install.sync_customizations"

# Desk
# ----
app_include_js = [
	"/assets/jxc_app/js/jxc_approvals.js",
	"/assets/jxc_app/js/filters.js",
	"/assets/jxc_app/js/jxc_alerts.js",
]
doctype_js = {
	"Request for Quotation": "public/js/request_for_quotation.js",
	"Purchase Order": "public/js/purchase_order.js",
	"Purchase Receipt": "public/js/purchase_receipt.js",
	"Quotation": "public/js/quotation.js",
	"Sales Order": "public/js/sales_order.js",
}
doctype_list_js = {"Purchase Order": "public/js/purchase_order_list.js"}
boot_session = [
	"jxc_app.jxc_approvals.boot.boot_session",
	# the Quotation form's Valid Till and expired-conversion defaults from JXC Settings
	"jxc_app.jxc_selling.quotation_validity.boot_session",
]
# v15 lets a field hidden by its permission level escape a list query after another hidden one
before_request = ["jxc_app.compat.hide_fields_beyond_permlevel"]
before_job = ["jxc_app.compat.hide_fields_beyond_permlevel"]

# Document events: one handler module per ERPNext doctype we extend
# -----------------------------------------------------------------
doc_events = {
	# the approval guard: no covered document reaches docstatus 1 without its approval
	"*": {
		"before_submit": "jxc_app.jxc_approvals.submit_guard.before_submit",
		"before_update_after_submit": "jxc_app.jxc_approvals.submit_guard.before_update_after_submit",
	},
	"Item": {"validate": "jxc_app.overrides.item.validate"},
	"Customer": {"validate": "jxc_app.overrides.customer.validate"},
	"Supplier": {"validate": "jxc_app.overrides.supplier.validate"},
	"Stock Ledger Entry": {
		"before_submit": "jxc_app.overrides.stock_ledger_entry.before_submit",
		# the stock alerts of the entry's item × warehouse are re-evaluated after commit
		"on_submit": "jxc_app.overrides.stock_ledger_entry.on_submit",
	},
	"Stock Entry": {
		"before_cancel": "jxc_app.overrides.stock_entry.before_cancel",
		"on_submit": "jxc_app.overrides.stock_entry.on_submit",
		"on_cancel": "jxc_app.overrides.stock_entry.on_cancel",
	},
	# the documents of a Sales Return Request (销售退换货单) keep its progress
	"Delivery Note": {
		"on_submit": "jxc_app.overrides.delivery_note.on_submit",
		"on_cancel": "jxc_app.overrides.delivery_note.on_cancel",
	},
	"Sales Invoice": {
		"on_submit": "jxc_app.overrides.sales_invoice.on_submit",
		"on_cancel": "jxc_app.overrides.sales_invoice.on_cancel",
	},
	"Payment Entry": {
		"on_submit": "jxc_app.overrides.payment_entry.on_submit",
		"on_cancel": "jxc_app.overrides.payment_entry.on_cancel",
	},
	"Purchase Receipt": {
		"before_submit": "jxc_app.overrides.purchase_receipt.before_submit",
		"on_submit": "jxc_app.overrides.purchase_receipt.on_submit",
		"on_cancel": "jxc_app.overrides.purchase_receipt.on_cancel",
	},
	# 销售: quotation validity, price/discount/margin and credit control
	"Quotation": {
		"validate": "jxc_app.overrides.quotation.validate",
		"before_update_after_submit": "jxc_app.overrides.quotation.before_update_after_submit",
		# no print format shows costs to who may not read them
		"before_print": "jxc_app.overrides.quotation.before_print",
	},
	# the timeline keeps no cost or margin of a Quotation or Sales Order (价格与毛利管控)
	"Version": {"before_insert": "jxc_app.overrides.version.before_insert"},
	"Sales Order": {
		"validate": "jxc_app.overrides.sales_order.validate",
		# 信用管控: the credit checked again under the customer's lock; ERPNext's stop after approval
		"before_submit": "jxc_app.overrides.sales_order.before_submit",
		"before_update_after_submit": "jxc_app.overrides.sales_order.before_update_after_submit",
		"before_print": "jxc_app.overrides.sales_order.before_print",
	},
	"Purchase Order": {
		"validate": "jxc_app.overrides.purchase_order.validate",
		"on_submit": "jxc_app.overrides.purchase_order.on_submit",
		"on_cancel": "jxc_app.overrides.purchase_order.on_cancel",
		"before_update_after_submit": "jxc_app.overrides.purchase_order.before_update_after_submit",
		"on_update_after_submit": "jxc_app.overrides.purchase_order.on_update_after_submit",
	},
}

# Connections: requisition and comparison on ERPNext's buying documents
override_doctype_dashboards = {
	"Purchase Order": "jxc_app.overrides.purchase_order.get_dashboard_data",
	"Request for Quotation": "jxc_app.overrides.request_for_quotation.get_dashboard_data",
	"Supplier Quotation": "jxc_app.overrides.supplier_quotation.get_dashboard_data",
	# the quotation's follow-ups (报价跟进记录)
	"Quotation": "jxc_app.overrides.quotation.get_dashboard_data",
}

# a warehouse keeper restricted to some warehouses sees the transfers leaving or reaching them
# a 盘点员 (Stocktake Counter) reads the stocktakes naming them as counter
permission_query_conditions = {
	"Approval Request": "jxc_app.jxc_approvals.permissions.request_query_conditions",
	"Stock Transfer Order": "jxc_app.jxc_inventory.transfer.permissions.query_conditions",
	"Stocktake": "jxc_app.jxc_inventory.stocktake.permissions.query_conditions",
	"Stocktake Line": "jxc_app.jxc_inventory.stocktake.permissions.query_conditions",
	# keepers see the alerts of their warehouses, sales staff those of their customers
	"JXC Alert": "jxc_app.jxc_alerts.permissions.query_conditions",
}
has_permission = {
	"Approval Request": "jxc_app.jxc_approvals.permissions.request_has_permission",
	"Stock Transfer Order": "jxc_app.jxc_inventory.transfer.permissions.has_permission",
	"Stocktake": "jxc_app.jxc_inventory.stocktake.permissions.has_permission",
	"JXC Alert": "jxc_app.jxc_alerts.permissions.has_permission",
}

# ERPNext's whitelisted reads of book quantities: the dashboards answer nothing to who may not read
# Bin, the others refuse a 盘点员 (Stocktake Counter) who may not (jxc_app/overrides/bin.py)
override_whitelisted_methods = {
	# our reports' filters are checked before Frappe decodes them (a 417, not a 500, for garbage)
	"frappe.desk.query_report.run": "jxc_app.utils.arguments.run_report",
	"erpnext.stock.dashboard.item_dashboard.get_data": "jxc_app.overrides.bin.item_dashboard_data",
	"erpnext.stock.dashboard.warehouse_capacity_dashboard.get_data": "jxc_app.overrides.bin.warehouse_capacity_data",
	"erpnext.stock.utils.get_stock_balance": "jxc_app.overrides.bin.get_stock_balance",
	"erpnext.stock.utils.get_latest_stock_qty": "jxc_app.overrides.bin.get_latest_stock_qty",
	"erpnext.stock.utils.get_incoming_rate": "jxc_app.overrides.bin.get_incoming_rate",
	"erpnext.stock.get_item_details.get_item_details": "jxc_app.overrides.bin.get_item_details",
	"erpnext.stock.get_item_details.get_bin_details": "jxc_app.overrides.bin.get_bin_details",
	"erpnext.stock.get_item_details.get_projected_qty": "jxc_app.overrides.bin.get_projected_qty",
	"erpnext.stock.get_item_details.get_batch_qty": "jxc_app.overrides.bin.get_item_batch_qty",
	"erpnext.stock.get_item_details.get_valuation_rate": "jxc_app.overrides.bin.get_valuation_rate",
	"erpnext.stock.doctype.batch.batch.get_batch_qty": "jxc_app.overrides.bin.get_batch_qty",
	"erpnext.stock.doctype.stock_reconciliation.stock_reconciliation.get_stock_balance_for": "jxc_app.overrides.bin.get_stock_balance_for",
	"erpnext.stock.doctype.stock_reconciliation.stock_reconciliation.get_items": "jxc_app.overrides.bin.stock_reconciliation_items",
	"erpnext.stock.doctype.quick_stock_balance.quick_stock_balance.get_stock_item_details": "jxc_app.overrides.bin.quick_stock_balance",
	"erpnext.stock.doctype.pick_list.pick_list.get_item_details": "jxc_app.overrides.bin.pick_list_item_details",
	"erpnext.accounts.doctype.pos_invoice.pos_invoice.get_stock_availability": "jxc_app.overrides.bin.get_stock_availability",
	# Quotation → Sales Order: JXC Settings decides about expired quotations (not Selling Settings)
	"erpnext.selling.doctype.quotation.quotation.make_sales_order": "jxc_app.jxc_selling.quotation_validity.make_sales_order",
}

scheduler_events = {
	"hourly": ["jxc_app.jxc_approvals.escalation.process_overdue_steps"],
	"daily": [
		"jxc_app.jxc_purchasing.replenishment.run_daily",
		# a ToDo for the owner of each expiring or expired quotation (once)
		"jxc_app.jxc_selling.quotation_validity.remind_expiring_quotations",
	],
	# the 进销存汇总表's period balances follow the ledger (the report also syncs before it reads)
	"cron": {
		"*/5 * * * *": ["jxc_app.jxc_reports.period_balance.scheduled_sync"],
		# alert rules at their set times (working days per chinese-calendar); quiet-hours messages
		"*/15 * * * *": ["jxc_app.jxc_alerts.runner.scheduled_run"],
	},
}

# What an approver reads in the approval notification besides the amount, per DocType: functions of
# (doc, user) returning lines of text (read by jxc_app.jxc_approvals.notify, which imports no capability)
jxc_approval_summary = {
	"Quotation": "jxc_app.jxc_selling.approval_summary.price_control",
	"Sales Order": "jxc_app.jxc_selling.approval_summary.price_control",
}

# Jinja helpers for print formats
# -------------------------------
jinja = {
	"methods": ["jxc_app.rules.money.rmb_in_words"],
}

# Fixtures: filtered only (never whole tables)
# --------------------------------------------
fixtures = []
