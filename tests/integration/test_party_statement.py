"""对账单 (Party Statement) on a real site: a customer's and a supplier's invoices, payments and
returns before and in the period, made through ERPNext's controllers; the statement's opening, rows,
running balance and closing agree with each other and with ERPNext's General Ledger for the party (in
the company currency and, for a customer billed in USD, in the account currency); the
zh PDF reads back in Chinese with its 大写 and 确认回执 and goes out by e-mail to the party's contact; a
user without the roles or without read permission on the party gets a 403 over REST."""

import email
import io
import json
import re
from types import SimpleNamespace

import frappe
import pytest
import requests
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.accounts.doctype.purchase_invoice.purchase_invoice import make_debit_note
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return
from erpnext.accounts.report.general_ledger import general_ledger
from frappe.utils import add_days, flt, getdate, nowdate
from pypdf import PdfReader

from jxc_app.jxc_selling import statement as statements
from jxc_app.jxc_selling.report.party_statement import party_statement
from jxc_app.rules.money import rmb_in_words
from tests.integration.factories import CustomerFactory, ItemFactory, SupplierFactory, api_user

REPORT = "Party Statement"
EMAIL = "jxc_app.jxc_selling.statement.email_statement"
BULK = "jxc_app.jxc_selling.statement.email_statements"


def _days(n: int) -> str:
	return add_days(nowdate(), n)


def _period() -> tuple[str, str]:
	"""The statement's period: from 40 to 10 days ago."""
	return _days(-40), _days(-10)


def _invoice(doctype: str, company: str, party: str, item: str, amount: float, day: str):
	party_field = "customer" if doctype == "Sales Invoice" else "supplier"
	doc = frappe.get_doc(
		{
			"doctype": doctype,
			"company": company,
			party_field: party,
			"set_posting_time": 1,
			"posting_date": day,
			"due_date": add_days(day, 30),
			"bill_date": day,
			"currency": "CNY",
			"conversion_rate": 1,
			"ignore_pricing_rule": 1,
			"items": [{"item_code": item, "qty": 1, "rate": amount}],
		}
	)
	doc.insert()
	doc.submit()
	return doc


def _pay(doctype: str, invoice: str, day: str, amount: float | None = None):
	entry = get_payment_entry(doctype, invoice)
	entry.posting_date = day
	entry.reference_no, entry.reference_date = f"T-{invoice}", day
	if amount is not None:
		entry.paid_amount = entry.received_amount = amount
		entry.references[0].allocated_amount = amount
	entry.insert()
	entry.submit()
	return entry


def _return(doctype: str, invoice: str, day: str, qty: float = -1, rate: float | None = None):
	doc = (make_sales_return if doctype == "Sales Invoice" else make_debit_note)(invoice)
	doc.set_posting_time = 1
	doc.posting_date = day
	doc.due_date = day
	doc.items[0].qty = qty
	if rate is not None:
		doc.items[0].rate = rate
	doc.insert()
	doc.submit()
	return doc


def _customer_history(company: str) -> frappe._dict:
	"""Before the period: an invoice of 1000 paid 400. In it: an invoice of 500 with a credit note of
	200 (returned at 200), a payment of 600, an invoice of 300.50. After it: an invoice of 99."""
	customer = CustomerFactory().name
	item = ItemFactory(is_stock_item=0).name
	early = _invoice("Sales Invoice", company, customer, item, 1000, _days(-60))
	_pay("Sales Invoice", early.name, _days(-50), 400)
	second = _invoice("Sales Invoice", company, customer, item, 500, _days(-35))
	credit_note = _return("Sales Invoice", second.name, _days(-30), rate=200)
	payment = _pay("Sales Invoice", early.name, _days(-20), 600)
	third = _invoice("Sales Invoice", company, customer, item, 300.5, _days(-15))
	_invoice("Sales Invoice", company, customer, item, 99, _days(-5))
	return frappe._dict(
		customer=customer,
		vouchers=[second.name, credit_note.name, payment.name, third.name],
		credit_note=credit_note.name,
		payment=payment.name,
		invoices=[second.name, third.name],
	)


def _filters(company: str, party_type: str, party: str, **values) -> frappe._dict:
	from_date, to_date = _period()
	filters = frappe._dict(
		company=company, party_type=party_type, party=party, from_date=from_date, to_date=to_date
	)
	return frappe._dict(filters, **values)


def _general_ledger(company: str, party_type: str, party: str, **options) -> tuple[dict, dict, dict]:
	"""ERPNext's General Ledger for the party: its opening, total and closing rows (for a single party
	in a foreign currency, in that currency unless ``presentation_currency`` says otherwise)."""
	_columns, data = general_ledger.execute(
		frappe._dict(
			company=company,
			from_date=_period()[0],
			to_date=_period()[1],
			party_type=party_type,
			party=[party],
			categorize_by="Categorize by Voucher (Consolidated)",
			group_by="Group by Voucher (Consolidated)",
			**options,
		)
	)[:2]
	return data[0], data[-2], data[-1]


def _net(row) -> float:
	return round(flt(row.get("debit")) - flt(row.get("credit")), 2)


def _check_against_general_ledger(company: str, party_type: str, party: str, report_rows: list):
	"""Opening, period debit and credit, and closing equal the General Ledger's, in the company
	currency and in the party's account currency."""
	first, period, last = report_rows[0], report_rows[-2], report_rows[-1]
	currency = frappe.get_cached_value("Company", company, "default_currency")
	opening, total, closing = _general_ledger(company, party_type, party, presentation_currency=currency)
	assert first["balance"] == pytest.approx(_net(opening))
	assert (period["debit"], period["credit"]) == (
		pytest.approx(flt(total["debit"])),
		pytest.approx(flt(total["credit"])),
	)
	assert last["balance"] == pytest.approx(_net(closing))
	opening, total, closing = _general_ledger(company, party_type, party)  # in the account currency
	assert first["balance_in_account_currency"] == pytest.approx(_net(opening))
	assert (period["debit_in_account_currency"], period["credit_in_account_currency"]) == (
		pytest.approx(flt(total["debit"])),
		pytest.approx(flt(total["credit"])),
	)
	assert last["balance_in_account_currency"] == pytest.approx(_net(closing))


def _pdf_text(pdf: bytes) -> str:
	assert pdf.startswith(b"%PDF")
	return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture
def outgoing_email():
	"""An outgoing account for the e-mail (nothing is sent: the queue is rolled back)."""
	if not frappe.db.exists("Email Account", {"enable_outgoing": 1}):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "JXC Statements Test",
				"email_id": "statements@jxc-test.example.com",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"smtp_port": "2525",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)


@pytest.mark.smoke
def test_customer_statement_equals_the_general_ledger_and_prints_and_mails_in_chinese(
	company, outgoing_email
):
	history = _customer_history(company)
	frappe.local.lang = "en"
	_columns, rows, _message, _chart, summary = party_statement.execute(
		_filters(company, "Customer", history.customer)
	)
	opening, lines, period, closing = rows[0], rows[1:-2], rows[-2], rows[-1]

	assert opening["balance"] == 600  # 1000 − 400
	assert [row["voucher_no"] for row in lines] == history.vouchers  # in date order, none after
	assert [row["balance"] for row in lines] == [1100, 900, 300, 600.5]  # running
	kinds = {row["voucher_no"]: row["kind"] for row in lines}
	assert kinds[history.credit_note] == "Credit Note" and kinds[history.payment] == "Receipt"
	assert [row["due_date"] for row in lines if row["voucher_no"] in history.invoices] == [
		getdate(_days(-5)),
		getdate(_days(15)),
	]
	assert all(row["account_currency"] == "CNY" for row in lines)
	assert (period["debit"], period["credit"]) == (800.5, 800)
	assert closing["balance"] == round(
		opening["balance"] + sum(row["debit"] - row["credit"] for row in lines), 2
	)
	assert closing["balance"] == 600.5 == summary[-1]["value"]
	_check_against_general_ledger(company, "Customer", history.customer, rows)

	# the zh print: header, period, rows, closing in 大写, the 确认回执
	filters = statements.statement_filters(_filters(company, "Customer", history.customer))
	text = _pdf_text(statements.statement_pdf(statements.get_statement(filters)))
	for expected in (
		"客户对账单",
		"期初余额",
		"期末余额",
		"确认回执",
		"以上对账无误",
		"如有不符请注明",
		"红字发票",
		"收款",
	):
		assert expected in text, expected
	assert rmb_in_words(600.5) in text and history.payment in text
	assert frappe.get_cached_value("Company", company, "company_name") in text

	# e-mail: no address is refused; the party's primary contact gets the PDF
	with pytest.raises(statements.NoStatementRecipientError):
		statements.email_statement(company, "Customer", history.customer, *_period())
	address = f"statement-{frappe.generate_hash(length=8)}@jxc-test.example.com"
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "对账联系人",
			"email_ids": [{"email_id": address, "is_primary": 1}],
			"links": [{"link_doctype": "Customer", "link_name": history.customer}],
			"is_primary_contact": 1,
		}
	).insert()
	frappe.db.set_value("Customer", history.customer, "customer_primary_contact", contact.name)
	sent = statements.email_statement(company, "Customer", history.customer, *_period())
	assert sent["recipients"] == [address]
	queued = frappe.get_last_doc("Email Queue", filters={"reference_name": history.customer})
	assert [row.recipient for row in queued.recipients] == [address]
	message = email.message_from_string(queued.message)
	(attachment,) = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
	assert "确认回执" in _pdf_text(attachment.get_payload(decode=True))

	with pytest.raises(frappe.ValidationError):  # not an address
		statements.email_statement(company, "Customer", history.customer, *_period(), recipients="nobody")


def test_bulk_email_queues_one_statement_per_party_with_an_address_and_skips_the_others(
	company, outgoing_email, monkeypatch
):
	"""The job (run here directly) mails every customer with entries in the period that has an
	address, one Email Queue row each, and lists those without; the whitelisted call only enqueues
	it on the long queue, for whoever may see customers' statements."""
	item = ItemFactory(is_stock_item=0).name
	mailed, silent = CustomerFactory().name, CustomerFactory().name
	for customer in (mailed, silent):
		_invoice("Sales Invoice", company, customer, item, 100, _days(-20))
	address = f"bulk-{frappe.generate_hash(length=8)}@jxc-test.example.com"
	frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "对账联系人",
			"email_ids": [{"email_id": address, "is_primary": 1}],
			"links": [{"link_doctype": "Customer", "link_name": mailed}],
			"is_primary_contact": 1,
		}
	).insert()
	from_date, to_date = _period()
	assert {mailed, silent} <= set(
		statements.parties_with_activity(company, "Customer", getdate(from_date), getdate(to_date))
	)

	result = statements.send_statements(company, "Customer", from_date, to_date)
	assert {"party": mailed, "recipients": [address]} in result["sent"]
	assert silent in [row["party"] for row in result["skipped"]]
	assert silent not in [row["party"] for row in result["sent"]]
	queued = frappe.get_all("Email Queue", filters={"reference_name": mailed}, pluck="name")
	assert len(queued) == 1
	recipients = frappe.get_all("Email Queue Recipient", filters={"parent": queued[0]}, pluck="recipient")
	assert recipients == [address]
	assert not frappe.db.exists("Email Queue", {"reference_name": silent})

	enqueued = []

	def enqueue(method, **kwargs):
		enqueued.append((method, kwargs))
		return SimpleNamespace(id=kwargs["job_id"])

	monkeypatch.setattr(frappe, "enqueue", enqueue)
	answer = statements.email_statements(company, "Customer", from_date, to_date)
	((method, kwargs),) = enqueued
	assert method == "jxc_app.jxc_selling.statement.send_statements" and kwargs["queue"] == "long"
	assert (kwargs["company"], kwargs["party_type"], kwargs["from_date"]) == (company, "Customer", from_date)
	assert answer["job_id"] == kwargs["job_id"] and answer["parties"] == len(
		result["sent"] + result["skipped"]
	)


def test_supplier_statement_equals_the_general_ledger(company):
	supplier = SupplierFactory().name
	item = ItemFactory(is_stock_item=0).name
	_invoice("Purchase Invoice", company, supplier, item, 800, _days(-45))
	bill = _invoice("Purchase Invoice", company, supplier, item, 250, _days(-25))
	debit_note = _return("Purchase Invoice", bill.name, _days(-22))
	payment = _pay("Purchase Invoice", bill.name, _days(-12), 100)
	rows = party_statement.execute(_filters(company, "Supplier", supplier))[1]
	lines = rows[1:-2]
	assert rows[0]["balance"] == -800  # owed to the supplier
	assert [(row["voucher_no"], row["kind"]) for row in lines] == [
		(bill.name, "Invoice"),
		(debit_note.name, "Debit Note"),
		(payment.name, "Payment"),
	]
	assert rows[-1]["balance"] == -800 - 250 + 250 + 100
	_check_against_general_ledger(company, "Supplier", supplier, rows)


def test_filters_are_required_and_checked(company):
	customer = CustomerFactory().name
	with pytest.raises(statements.PartyStatementError, match="Party"):
		party_statement.execute(
			frappe._dict(company=company, party_type="Customer", from_date=_period()[0], to_date=_period()[1])
		)
	with pytest.raises(statements.PartyStatementError):
		party_statement.execute(
			_filters(company, "Customer", customer, from_date=_period()[1], to_date=_period()[0])
		)
	with pytest.raises(frappe.ValidationError):
		party_statement.execute(_filters(company, "Employee", customer))
	with pytest.raises(frappe.DoesNotExistError):
		party_statement.execute(_filters(company, "Supplier", customer))


def test_rest_refuses_users_without_the_roles_or_the_party(server, company, committed):
	customer = CustomerFactory().name
	other = CustomerFactory().name
	committed += [("Customer", customer), ("Customer", other)]
	outsider = api_user(committed, ["Stock User"])[1]
	buyer = api_user(committed, ["Purchase Manager"])[1]
	seller_name, seller = api_user(committed, ["Sales Manager"])
	restricted = frappe.get_doc(
		{"doctype": "User Permission", "user": seller_name, "allow": "Customer", "for_value": other}
	).insert(ignore_permissions=True)
	committed.append(("User Permission", restricted.name))
	accountant = api_user(committed, ["Accounts User"])[1]
	frappe.db.commit()

	def run(headers, party):
		filters = json.dumps(_filters(company, "Customer", party))
		return requests.get(
			f"{server}/api/method/frappe.desk.query_report.run",
			headers=headers,
			params={"report_name": REPORT, "filters": filters},
			timeout=60,
		)

	def mail(headers, party):
		return requests.post(
			f"{server}/api/method/{EMAIL}",
			headers=headers,
			data={**_filters(company, "Customer", party), "recipients": "x@jxc-test.example.com"},
			timeout=60,
		)

	assert run(outsider, customer).status_code == 403
	assert run(buyer, customer).status_code == 403  # a Purchase Manager sees suppliers only
	assert run(seller, customer).status_code == 403  # not the customer they may read
	assert mail(outsider, customer).status_code == 403
	assert mail(seller, customer).status_code == 403
	# the bulk e-mail: only who may see the party type's statements (refused before a job is queued)
	period = dict(zip(("from_date", "to_date"), _period(), strict=True))
	for headers, party_type in ((outsider, "Customer"), (buyer, "Customer"), (seller, "Supplier")):
		bulk = requests.post(
			f"{server}/api/method/{BULK}",
			headers=headers,
			data={"company": company, "party_type": party_type, **period},
			timeout=60,
		)
		assert bulk.status_code == 403, bulk.text[:300]
	assert requests.get(
		f"{server}/api/method/{EMAIL}",
		headers=accountant,
		params=_filters(company, "Customer", customer),
		timeout=60,
	).status_code in (403, 405)  # POST only
	frappe.db.rollback()
	assert not frappe.db.exists("Email Queue", {"reference_name": customer})
	answer = run(seller, other)
	assert answer.status_code == 200, json.loads(answer.json().get("exc", '[""]'))[0][-3000:]
	assert run(accountant, customer).json()["message"]["result"][0]["balance"] == 0


def test_foreign_currency_customer_has_both_currencies(company):
	"""A customer billed in USD on a USD receivable account: the statement runs in CNY and in USD."""
	if not frappe.db.exists("Currency Exchange", {"from_currency": "USD", "to_currency": "CNY"}):
		frappe.get_doc(
			{
				"doctype": "Currency Exchange",
				"date": "2020-01-01",
				"from_currency": "USD",
				"to_currency": "CNY",
				"exchange_rate": 7,
				"for_buying": 1,
				"for_selling": 1,
			}
		).insert()
	receivable = frappe.get_cached_value("Company", company, "default_receivable_account")
	account = frappe.get_doc(
		{
			"doctype": "Account",
			"account_name": f"应收美元{frappe.generate_hash(length=6)}",
			"parent_account": frappe.db.get_value("Account", receivable, "parent_account"),
			"company": company,
			"account_type": "Receivable",
			"account_currency": "USD",
		}
	).insert()
	customer = CustomerFactory(
		default_currency="USD", accounts=[{"company": company, "account": account.name}]
	).name
	item = ItemFactory(is_stock_item=0).name

	def invoice(amount, day, rate):
		doc = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"company": company,
				"customer": customer,
				"debit_to": account.name,
				"set_posting_time": 1,
				"posting_date": day,
				"due_date": day,
				"currency": "USD",
				"conversion_rate": rate,
				"ignore_pricing_rule": 1,
				"items": [{"item_code": item, "qty": 1, "rate": amount}],
			}
		)
		doc.insert()
		doc.submit()
		return doc

	invoice(50, _days(-60), 6.5)
	bill = invoice(100, _days(-30), 7)
	credit_note = _return("Sales Invoice", bill.name, _days(-20), rate=40)
	rows = party_statement.execute(_filters(company, "Customer", customer))[1]
	opening, lines, closing = rows[0], rows[1:-2], rows[-1]
	assert (opening["balance"], opening["balance_in_account_currency"]) == (325, 50)
	assert [(row["voucher_no"], row["balance"], row["balance_in_account_currency"]) for row in lines] == [
		(bill.name, 1025, 150),
		(credit_note.name, 745, 110),
	]
	assert {row["account_currency"] for row in lines} == {"USD"}
	assert (closing["balance"], closing["balance_in_account_currency"]) == (745, 110)
	_check_against_general_ledger(company, "Customer", customer, rows)
