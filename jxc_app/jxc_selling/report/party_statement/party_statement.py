"""对账单 (Party Statement): a customer's or supplier's opening balance, each invoice, receipt or
payment, return and credit or debit note of the period with the running balance, and the closing
balance, in the company currency and the party's account currency (``jxc_app.jxc_selling.statement``).

The report's ``ref_doctype`` is Contact only because Frappe asks for "report" permission on it and
every role that may see statements (Accounts, Sales Manager, Purchase Manager) has it there; who may
see which party's statement is decided by ``statement.statement_filters``.

No column is a Link: Frappe would then filter the rows of a user with User Permissions by every
linked DocType (and refuse one without read permission on, say, Payment Entry or Currency), and a
statement's rows must all be there for its balances to hold. The desk links the voucher (.js)."""

import frappe
from frappe import _

from jxc_app.jxc_selling import statement as statements
from jxc_app.utils.report_columns import column


def execute(filters=None):
	filters = statements.statement_filters(filters)
	statement = statements.get_statement(filters)
	return columns(), rows(statement), None, None, summary(statement)


def columns() -> list[dict]:
	return [
		column("posting_date", _("Posting Date"), "Date", width=100),
		column("kind_label", _("Type"), width=110),
		column("voucher_type", _("Voucher Type"), width=120),
		column("voucher_no", _("Voucher No"), width=170),
		column("due_date", _("Due Date"), "Date", width=100),
		column("debit", _("Debit"), "Currency", "currency", width=120),
		column("credit", _("Credit"), "Currency", "currency", width=120),
		column("balance", _("Balance"), "Currency", "currency", width=130),
		column("account_currency", _("Account Currency"), width=80),
		column(
			"debit_in_account_currency", _("Debit (Account Currency)"), "Currency", "account_currency", 130
		),
		column(
			"credit_in_account_currency", _("Credit (Account Currency)"), "Currency", "account_currency", 130
		),
		column(
			"balance_in_account_currency",
			_("Balance (Account Currency)"),
			"Currency",
			"account_currency",
			130,
		),
		column("remarks", _("Remarks"), width=240),
	]


def rows(statement) -> list[dict]:
	currencies = {"currency": statement.currency, "account_currency": statement.account_currency}
	opening, total = statement.opening, statement.total
	result = [
		frappe._dict(
			posting_date=statement.from_date,
			kind_label=_("Opening Balance"),
			debit=opening.debit,
			credit=opening.credit,
			balance=opening.balance,
			debit_in_account_currency=opening.debit_in_account_currency,
			credit_in_account_currency=opening.credit_in_account_currency,
			balance_in_account_currency=opening.balance_in_account_currency,
			bold=1,
			**currencies,
		)
	]
	for row in statement.rows:
		result.append(frappe._dict(row, currency=statement.currency))
	result += [
		frappe._dict(
			kind_label=_("Total of the Period"),
			debit=total.debit,
			credit=total.credit,
			debit_in_account_currency=total.debit_in_account_currency,
			credit_in_account_currency=total.credit_in_account_currency,
			bold=1,
			**currencies,
		),
		frappe._dict(
			posting_date=statement.to_date,
			kind_label=_("Closing Balance"),
			debit=round(opening.debit + total.debit, 2),
			credit=round(opening.credit + total.credit, 2),
			balance=statement.closing_balance,
			debit_in_account_currency=round(
				opening.debit_in_account_currency + total.debit_in_account_currency, 2
			),
			credit_in_account_currency=round(
				opening.credit_in_account_currency + total.credit_in_account_currency, 2
			),
			balance_in_account_currency=statement.closing_balance_in_account_currency,
			bold=1,
			**currencies,
		),
	]
	return result


def summary(statement) -> list[dict]:
	return [
		{
			"label": _("Opening Balance"),
			"value": statement.opening.balance,
			"datatype": "Currency",
			"currency": statement.currency,
		},
		{
			"label": _("Total of the Period"),
			"value": statement.total.balance,
			"datatype": "Currency",
			"currency": statement.currency,
		},
		{
			"label": _("Closing Balance"),
			"value": statement.closing_balance,
			"datatype": "Currency",
			"currency": statement.currency,
			"indicator": "Red" if statement.closing_balance > 0 else "Green",
		},
	]
