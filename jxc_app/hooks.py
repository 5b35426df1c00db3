app_name = "jxc_app"
app_title = "JXC"
app_publisher = "jxc_app contributors"
app_description = "进销存 (purchase, sales and inventory) for ERPNext v15: requests, quotation comparison, approval chains, transfers, stocktakes and alerts"
app_email = "dev@jxc-app.example.com"
app_license = "GPL-3.0-or-later"

required_apps = ["erpnext"]

export_python_type_annotations = True

# Installation
# ------------
after_install = "jxc_app.setup.install.after_install"
before_uninstall = "jxc_app.setup.install.before_uninstall"
# idempotent (writes only what differs): a lost custom field comes back on the next migrate
after_migrate = "jxc_app.setup.install.sync_customizations"

# Tests
# -----
before_tests = "jxc_app.setup.install.sync_customizations"

# Document events: one handler module per ERPNext doctype we extend
# -----------------------------------------------------------------
doc_events = {
	"Item": {"validate": "jxc_app.overrides.item.validate"},
	"Customer": {"validate": "jxc_app.overrides.customer.validate"},
	"Supplier": {"validate": "jxc_app.overrides.supplier.validate"},
}

# Jinja helpers for print formats
# -------------------------------
jinja = {
	"methods": ["jxc_app.rules.money.rmb_in_words"],
}

# Fixtures: filtered only (never whole tables)
# --------------------------------------------
fixtures = []
