"""jxc_app.compat on the site's major: what it bridges works on the Frappe/ERPNext it runs on."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from jxc_app import compat
from tests.integration.factories import ItemFactory, WarehouseFactory


def test_the_test_mode_is_the_one_frappe_reads():
	assert compat.in_test()
	if compat.FRAPPE_MAJOR >= 16:
		assert frappe.in_test  # what v16's Frappe and ERPNext read, not only the flag
	compat.set_in_test(False)
	try:
		assert not compat.in_test() and not frappe.flags.in_test
	finally:
		compat.set_in_test(True)
	assert compat.in_test() and frappe.flags.in_test


def test_a_yuan_amount_with_fen_goes_into_words():
	compat.name_currency_fractions()  # as install and migrate do
	words = frappe.utils.money_in_words(12.5, "CNY")
	assert "Twelve" in words and "Fifty" in words, words


@pytest.mark.smoke
def test_batch_items_move_once_serial_and_batch_numbers_are_on(company):
	warehouse = WarehouseFactory(company=company).name
	item = ItemFactory(has_batch_no=1, create_new_batch=1, batch_number_series="CB-.#####").name
	if compat.erpnext_major() >= 16:  # off on a new v16 site (the demo turns it on)
		frappe.db.set_single_value("Stock Settings", "enable_serial_and_batch_no_for_item", 0)
	compat.enable_serial_and_batch_numbers()
	if compat.erpnext_major() >= 16:
		assert frappe.db.get_single_value("Stock Settings", "enable_serial_and_batch_no_for_item") == 1
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": company,
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"items": [{"item_code": item, "qty": 5, "basic_rate": 3, "t_warehouse": warehouse}],
		}
	).insert()
	entry.submit()
	batches = frappe.get_all("Batch", filters={"item": item}, pluck="name")
	assert len(batches) == 1
	from erpnext.stock.doctype.batch.batch import get_batch_qty

	assert get_batch_qty(batch_no=batches[0], warehouse=warehouse) == 5


def test_a_budget_made_here_is_found_for_its_account_and_dates(company):
	from erpnext.accounts.utils import get_fiscal_year

	account = frappe.db.get_value(
		"Account", {"company": company, "root_type": "Expense", "is_group": 0, "account_type": ""}
	)
	cost_center = frappe.db.get_value("Cost Center", {"company": company, "is_group": 0})
	fiscal_year = get_fiscal_year(nowdate(), company=company)[0]
	doc = compat.budget_document(
		company,
		cost_center,
		account,
		700,
		fiscal_year,
		applicable_on_booking_actual_expenses=1,
		action_if_annual_budget_exceeded="Stop",
	).insert()
	doc.submit()

	def found(on_account, day):
		query, budget = compat.budget_query(on_account, day, get_fiscal_year(day, company=company)[0])
		return query.where(budget.company == company).run(as_dict=True)

	(row,) = found(account, nowdate())
	assert (row.name, row.budget_amount, row.from_fiscal_year) == (doc.name, 700, fiscal_year)
	start, end = frappe.db.get_value("Fiscal Year", fiscal_year, ["year_start_date", "year_end_date"])
	assert (row.period_start, row.period_end) == (start, end)
	other = frappe.db.get_value(
		"Account",
		{
			"company": company,
			"root_type": "Expense",
			"is_group": 0,
			"account_type": "",
			"name": ("!=", account),
		},
	)
	assert not found(other, nowdate())
	next_year = add_days(end, 1)
	if frappe.db.exists(
		"Fiscal Year", {"year_start_date": ("<=", next_year), "year_end_date": (">=", next_year)}
	):
		assert not found(account, next_year)


@pytest.mark.skipif(compat.FRAPPE_MAJOR < 16, reason="v15's hooks may answer None")
@pytest.mark.smoke
def test_our_permission_hooks_never_answer_none_on_v16(company):
	"""v16 reads a has_permission hook's None as a denial."""
	for doctype, methods in frappe.get_hooks("has_permission").items():
		for method in methods:
			if not method.startswith("jxc_app."):
				continue
			doc = frappe.new_doc(doctype)
			assert frappe.get_attr(method)(doc=doc, ptype="read", user="Administrator") is not None, method
