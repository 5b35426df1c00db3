"""install → migrate twice → demo twice → uninstall → reinstall, on the real site, via the CLI.

Runs before the integration tier (scripts/run-tests) and leaves jxc_app installed.
"""

import frappe
import pytest

from jxc_app.demo import data
from jxc_app.jxc_reports.doctype.jxc_stock_period_balance import jxc_stock_period_balance as balance
from jxc_app.setup.customizations import CUSTOM_FIELDS, PINYIN_FIELD, SEARCH_FIELD_ADDITIONS, TABLE_INDEXES
from tests import appinfo
from tests.lifecycle.conftest import fresh

ERPNEXT_DOCTYPES = ["Company", "Account", "Warehouse", "Item", "Customer", "Supplier", "Employee",
	"Department", "User", "Batch", "Stock Reconciliation", "Stock Ledger Entry", "GL Entry", "Bin"]  # fmt: skip


def ours_state() -> dict:
	modules = appinfo.modules()
	return {
		"custom_fields": frappe.get_all(
			"Custom Field",
			filters={"fieldname": ("like", "jxc%")},
			fields=["name", "modified"],
			order_by="name",
		),
		"property_setters": frappe.get_all(
			"Property Setter",
			filters={"doc_type": ("in", list(SEARCH_FIELD_ADDITIONS)), "property": "search_fields"},
			fields=["name", "value", "modified"],
			order_by="name",
		),
		"doctypes": frappe.get_all(
			"DocType", filters={"module": ("in", modules)}, fields=["name", "modified"], order_by="name"
		),
		"module_defs": frappe.get_all(
			"Module Def", filters={"app_name": "jxc_app"}, fields=["name", "modified"], order_by="name"
		),
		"settings": frappe.db.get_singles_dict("JXC Settings"),
		"patches": frappe.db.count("Patch Log", {"patch": ("like", "jxc_app.%")}),
	}


def our_indexes() -> dict:
	"""ERPNext tables' indexes of ours: name -> whether the table has it."""
	return {
		name: bool(frappe.db.has_index(f"tab{doctype}", name))
		for doctype, named in TABLE_INDEXES.items()
		for name in named
	}


# the running balances' table: the snapshot indexes, not Frappe's own on modified (v15) / creation (v16)
BALANCE_INDEXES = {"PRIMARY", *balance.SNAPSHOT_INDEXES}


def balance_indexes() -> set[str]:
	return {row[2] for row in frappe.db.sql(f"SHOW INDEX FROM `tab{balance.PERIOD_BALANCE}`")}


def erpnext_counts() -> dict:
	return {doctype: frappe.db.count(doctype) for doctype in ERPNEXT_DOCTYPES}


@pytest.mark.smoke
def test_migrate_twice_changes_nothing_the_second_time(bench):
	bench.run("migrate")
	fresh()
	after_first, counts = ours_state(), erpnext_counts()
	assert after_first["custom_fields"] and after_first["doctypes"]
	bench.run("migrate")
	fresh()
	assert ours_state() == after_first
	assert erpnext_counts() == counts


def test_demo_twice_creates_no_duplicates(bench):
	assert "示例贸易有限公司" in bench.run("jxc-demo")
	fresh()
	after_first = erpnext_counts()
	bench.run("jxc-demo")
	fresh()
	assert erpnext_counts() == after_first
	assert frappe.db.count("Item", {"item_code": ("in", [item["item_code"] for item in data.ITEMS])}) == 50


def test_uninstall_removes_ours_and_keeps_erpnext_documents(bench):
	fresh()
	counts = erpnext_counts()
	bench.run("uninstall-app", "jxc_app", "--yes", "--no-backup")
	fresh()
	assert "jxc_app" not in frappe.get_installed_apps()
	state = ours_state()
	assert not state["custom_fields"] and not state["doctypes"] and not state["module_defs"]
	for doctype, additions in SEARCH_FIELD_ADDITIONS.items():
		search_fields = frappe.get_meta(doctype).search_fields or ""
		assert not set(additions) & set(search_fields.split(",")), doctype
	for doctype, fields in CUSTOM_FIELDS.items():
		assert not frappe.get_meta(doctype).get_field(fields[0]["fieldname"])
	# our DocTypes are gone with their tables, and the settings (a Single) with their values
	for doctype, meta in appinfo.doctypes().items():
		assert not frappe.db.exists("DocType", doctype), doctype
		if not meta.get("issingle"):
			assert not frappe.db.table_exists(doctype), doctype
	singles = frappe.qb.DocType("Singles")
	assert not frappe.qb.from_(singles).select(singles.field).where(singles.doctype == "JXC Settings").run()
	# the indexes added to ERPNext's tables are dropped, the tables and their rows kept
	assert our_indexes() and not any(our_indexes().values())
	assert erpnext_counts() == counts


def test_reinstall_restores_everything(bench):
	bench.run("install-app", "jxc_app")
	fresh()
	assert "jxc_app" in frappe.get_installed_apps()
	state = ours_state()
	assert len(state["custom_fields"]) == sum(len(fields) for fields in CUSTOM_FIELDS.values())
	assert {row.name for row in state["doctypes"]} == set(appinfo.doctypes())
	assert PINYIN_FIELD in frappe.get_meta("Item").get_search_fields()
	# initials of items saved while jxc_app was away are backfilled on install
	assert frappe.db.get_value("Item", "YL-001", PINYIN_FIELD) == "kkkl330ml"
	assert all(our_indexes().values())
	assert balance_indexes() == BALANCE_INDEXES
	bench.run("migrate")
	fresh()
	assert ours_state()["custom_fields"] == state["custom_fields"]
	assert balance_indexes() == BALANCE_INDEXES
