"""对账单 (party statements): 客户对账单 / 供应商对账单 for a company, a party and a period, built on
ERPNext's GL Entry (the party's entries, cancelled ones left out), so that its opening, total and closing
equal ERPNext's General Ledger for the party.

- ``get_statement(filters)``: the statement (``jxc_app.rules.statement`` makes it from the entries),
  each row with its kind (invoice, credit / debit note, receipt, payment, journal), due date and
  remarks, in the company currency and in the party's account currency;
- ``render_statement`` / ``statement_pdf``: the zh print (company header, period, opening and
  closing, the closing balance in 大写, and a 确认回执 for the party to sign and return);
- ``email_statement`` (POST): the PDF to the party's primary contact, or to the given recipients;
- ``email_statements`` (POST): every customer's (or supplier's) statement of a company with entries in
  the period, each to the party's primary contact, in a job on the long queue (``send_statements``)
  that shows its progress on the desk; parties without an e-mail address are skipped and listed.

Who may see a statement: Accounts users, Sales Managers for customers and Purchase Managers for
suppliers (``jxc_app.utils.roles``), and only of a party they may read; anyone else gets a 403.
"""

import frappe
from erpnext.accounts.party import get_party_account_currency
from frappe import _
from frappe.contacts.doctype.contact.contact import get_default_contact
from frappe.utils import formatdate, getdate, validate_email_address
from frappe.utils.pdf import get_pdf

from jxc_app.rules import statement as rules
from jxc_app.rules.money import rmb_in_words
from jxc_app.utils import arguments, roles

TEMPLATE = "jxc_app/templates/jxc_print/party_statement.html"
VIEWERS = {
	rules.CUSTOMER: roles.CUSTOMER_STATEMENT_VIEWERS,
	rules.SUPPLIER: roles.SUPPLIER_STATEMENT_VIEWERS,
}
NAME_FIELDS = {rules.CUSTOMER: "customer_name", rules.SUPPLIER: "supplier_name"}


class PartyStatementError(frappe.ValidationError):
	pass


class NoStatementRecipientError(frappe.ValidationError):
	pass


def statement_filters(filters) -> frappe._dict:
	"""The statement's filters, each given and of its kind, the period in order, the company and the
	party existing, and the user allowed to see the party's statement; else a clear 4xx."""
	filters = arguments.report_filters(
		filters,
		text=("company", "party"),
		dates=("from_date", "to_date"),
		choices={"party_type": rules.PARTY_TYPES},
	)
	labels = {
		"company": _("Company"),
		"party_type": _("Party Type"),
		"party": _("Party"),
		"from_date": _("From Date"),
		"to_date": _("To Date"),
	}
	missing = [label for key, label in labels.items() if not filters.get(key)]
	if missing:
		frappe.throw(
			_("A statement needs: {0}.").format(", ".join(missing)),
			title=_("Missing Filters"),
			exc=PartyStatementError,
		)
	from_date, to_date = _checked_period(filters)
	check_permission(filters.party_type, filters.party)
	arguments.check_exists("Company", filters.company)
	filters.from_date, filters.to_date = from_date, to_date
	return filters


def _checked_period(filters) -> tuple:
	from_date, to_date = getdate(filters.from_date), getdate(filters.to_date)
	try:
		rules.check_period(from_date, to_date)
	except rules.StatementRuleError:
		frappe.throw(
			_("From Date {0} is after To Date {1}.").format(formatdate(from_date), formatdate(to_date)),
			title=_("Invalid Period"),
			exc=PartyStatementError,
		)
	return from_date, to_date


def check_permission(party_type: str, party: str):
	"""A 403 unless the user may see statements of ``party_type`` and may read the party (404 when it
	does not exist)."""
	roles.require(
		VIEWERS[party_type],
		_(
			"Only Accounts users, and Sales Managers for customers or Purchase Managers for suppliers, may see a {0}'s statement."
		).format(_(party_type)),
	)
	arguments.check_exists(party_type, party)
	if not frappe.has_permission(party_type, "read", doc=party):
		frappe.throw(
			_("You may not read {0} {1}.").format(_(party_type), party),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)


def _entries(filters) -> list[dict]:
	gle = frappe.qb.DocType("GL Entry")
	return (
		frappe.qb.from_(gle)
		.select(
			gle.posting_date,
			gle.is_opening,
			gle.voucher_type,
			gle.voucher_no,
			gle.debit,
			gle.credit,
			gle.debit_in_account_currency,
			gle.credit_in_account_currency,
			gle.account_currency,
			gle.remarks,
		)
		.where(
			(gle.company == filters.company)
			& (gle.party_type == filters.party_type)
			& (gle.party == filters.party)
			& (gle.is_cancelled == 0)
			& ((gle.posting_date <= filters.to_date) | (gle.is_opening == "Yes"))
		)
		.orderby(gle.posting_date)
		.orderby(gle.creation)
		.run(as_dict=True)
	)


def _voucher_details(rows) -> dict:
	"""(voucher_type, voucher_no) → is_return, due_date, payment_type of the statement's invoices and
	payments."""
	details = {}
	for doctype, fields in (
		("Sales Invoice", ["name", "is_return", "due_date"]),
		("Purchase Invoice", ["name", "is_return", "due_date"]),
		("Payment Entry", ["name", "payment_type"]),
	):
		names = [row.voucher_no for row in rows if row.voucher_type == doctype]
		if names:
			for values in frappe.get_all(doctype, filters={"name": ("in", names)}, fields=fields):
				details[(doctype, values.name)] = values
	return details


def get_statement(filters) -> frappe._dict:
	"""The statement for checked filters (``statement_filters``)."""
	built = rules.build(_entries(filters), filters.from_date, filters.to_date)
	currency = frappe.get_cached_value("Company", filters.company, "default_currency")
	account_currency = (
		get_party_account_currency(filters.party_type, filters.party, filters.company) or currency
	)
	details = _voucher_details(built.rows)
	rows = []
	for row in built.rows:
		detail = details.get((row.voucher_type, row.voucher_no)) or frappe._dict()
		kind = rules.kind(row.voucher_type, bool(detail.get("is_return")), detail.get("payment_type"))
		rows.append(
			frappe._dict(
				posting_date=row.posting_date,
				kind=kind,
				kind_label=_(_kind_label(kind, row.voucher_type)),
				kind_label_zh=_(_kind_label(kind, row.voucher_type), "zh"),
				voucher_type=row.voucher_type,
				voucher_no=row.voucher_no,
				due_date=detail.get("due_date") if kind == rules.INVOICE else None,
				remarks="" if row.remarks == "No Remarks" else row.remarks,  # ERPNext's placeholder
				balance=row.balance,
				balance_in_account_currency=row.balance_in_account_currency,
				account_currency=row.account_currency or account_currency,
				**vars(row.amounts),
			)
		)
	closing = built.closing_balance
	return frappe._dict(
		company=filters.company,
		party_type=filters.party_type,
		party=filters.party,
		party_name=frappe.db.get_value(filters.party_type, filters.party, NAME_FIELDS[filters.party_type])
		or filters.party,
		from_date=filters.from_date,
		to_date=filters.to_date,
		currency=currency,
		account_currency=account_currency,
		opening=built.opening,
		total=built.total,
		rows=rows,
		closing_balance=closing,
		closing_balance_in_account_currency=built.closing_balance_in_account_currency,
		closing_in_words=rmb_in_words(abs(closing)),
		direction=rules.direction(closing),
	)


def _kind_label(kind: str, voucher_type: str) -> str:
	"""The label of a kind, untranslated (the zh print translates it whatever the user's language):
	_("Money Received"), _("Money Paid")."""
	return {
		rules.CREDIT_NOTE: "Credit Note",
		rules.DEBIT_NOTE: "Debit Note",
		rules.RECEIPT: "Money Received",
		rules.PAYMENT: "Money Paid",
	}.get(kind) or voucher_type


def render_statement(statement) -> str:
	"""The zh print of a statement, as a whole HTML page."""
	company = frappe.get_cached_doc("Company", statement.company)
	return frappe.render_template(TEMPLATE, {"statement": statement, "company": company})


def statement_pdf(statement) -> bytes:
	return get_pdf(render_statement(statement))


def party_address(party_type: str, party: str) -> str | None:
	"""The party's e-mail address: its own, else its primary contact's."""
	address = frappe.db.get_value(party_type, party, "email_id")
	if not address:
		contact = get_default_contact(party_type, party)
		address = contact and frappe.db.get_value("Contact", contact, "email_id")
	return address or None


def _recipients(party_type: str, party: str, recipients) -> list[str]:
	if recipients not in (None, "", []):
		if isinstance(recipients, str):
			recipients = recipients.replace(";", ",").split(",")
		if not isinstance(recipients, list) or not all(isinstance(value, str) for value in recipients):
			frappe.throw(
				_("recipients must be e-mail addresses separated by commas."),
				title=_("Invalid Argument"),
				exc=arguments.InvalidArgumentError,
			)
		addresses = [value.strip() for value in recipients if value.strip()]
		for address in addresses:
			if not validate_email_address(address):
				frappe.throw(
					_("{0} is not a valid e-mail address.").format(frappe.utils.escape_html(address)),
					title=_("Invalid Argument"),
					exc=arguments.InvalidArgumentError,
				)
		if addresses:
			return addresses
	address = party_address(party_type, party)
	if not address:
		frappe.throw(
			_(
				"{0} {1} has no primary contact with an e-mail address: add one, or give the recipients."
			).format(_(party_type), party),
			title=_("No E-mail Address"),
			exc=NoStatementRecipientError,
		)
	return [address]


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def email_statement(
	company: str,
	party_type: str,
	party: str,
	from_date: str,
	to_date: str,
	recipients: str | list | None = None,
) -> dict:
	"""E-mail the party's statement for the period as a PDF to its primary contact (or ``recipients``,
	e-mail addresses separated by commas); returns who it went to."""
	filters = statement_filters(
		{
			"company": company,
			"party_type": party_type,
			"party": party,
			"from_date": from_date,
			"to_date": to_date,
		}
	)
	addresses = _recipients(filters.party_type, filters.party, recipients)
	file_name = _send(get_statement(filters), addresses)
	return {"recipients": addresses, "file_name": file_name}


def _send(statement, addresses: list[str]) -> str:
	"""The statement's PDF into the Email Queue for ``addresses``; returns the file's name."""
	title = _title(statement)
	file_name = f"{title}-{statement.party}-{statement.to_date}.pdf"
	frappe.sendmail(
		recipients=addresses,
		subject=f"{statement.company} {title} {formatdate(statement.from_date)} ~ {formatdate(statement.to_date)}",
		message=_email_message(statement, title),
		attachments=[{"fname": file_name, "fcontent": statement_pdf(statement)}],
		reference_doctype=statement.party_type,
		reference_name=statement.party,
	)
	return file_name


# ----------------------------------------------------------------------------------- bulk e-mail


def _bulk_filters(company, party_type, from_date, to_date) -> frappe._dict:
	"""The bulk e-mail's arguments checked (each given and of its kind, the period in order, the
	company existing) and the user allowed to see statements of the party type; else a clear 4xx."""
	filters = arguments.report_filters(
		{"company": company, "party_type": party_type, "from_date": from_date, "to_date": to_date},
		text=("company",),
		dates=("from_date", "to_date"),
		choices={"party_type": rules.PARTY_TYPES},
	)
	filters.from_date, filters.to_date = _checked_period(filters)
	roles.require(
		VIEWERS[filters.party_type],
		_(
			"Only Accounts users, and Sales Managers for customers or Purchase Managers for suppliers, may see a {0}'s statement."
		).format(_(filters.party_type)),
	)
	arguments.check_exists("Company", filters.company)
	return filters


def parties_with_activity(company: str, party_type: str, from_date, to_date) -> list[str]:
	"""The parties of ``party_type`` with General Ledger entries of the company in the period (cancelled
	ones left out), by name."""
	gle = frappe.qb.DocType("GL Entry")
	rows = (
		frappe.qb.from_(gle)
		.select(gle.party)
		.distinct()
		.where(
			(gle.company == company)
			& (gle.party_type == party_type)
			& gle.party.isnotnull()
			& (gle.party != "")
			& (gle.is_cancelled == 0)
			& (gle.posting_date >= from_date)
			& (gle.posting_date <= to_date)
		)
		.orderby(gle.party)
	).run()
	return [party for (party,) in rows]


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def email_statements(company: str, party_type: str, from_date: str, to_date: str) -> dict:
	"""E-mail the statement of every customer (``party_type`` Customer) or supplier of the company with
	entries in the period to its primary contact, in a job on the long queue whose progress the desk
	shows. Returns the job's id and how many parties it will go through."""
	filters = _bulk_filters(company, party_type, from_date, to_date)
	parties = parties_with_activity(filters.company, filters.party_type, filters.from_date, filters.to_date)
	job = frappe.enqueue(
		"jxc_app.jxc_selling.statement.send_statements",
		queue="long",
		timeout=max(1500, 30 * len(parties)),
		job_id=f"jxc-statements-{frappe.generate_hash(length=10)}",
		company=filters.company,
		party_type=filters.party_type,
		from_date=str(filters.from_date),
		to_date=str(filters.to_date),
	)
	return {"job_id": getattr(job, "id", None), "parties": len(parties)}


def send_statements(company: str, party_type: str, from_date: str, to_date: str) -> dict:
	"""The job of ``email_statements`` (run as the user who asked): each party's statement into the
	Email Queue for its e-mail address. Parties without one, or that the user may not read, are
	skipped and listed (not an error). Returns ``sent`` ([{party, recipients}]) and ``skipped``
	([{party, reason}]), also logged and shown to the user when done."""
	filters = _bulk_filters(company, party_type, from_date, to_date)
	parties = parties_with_activity(filters.company, filters.party_type, filters.from_date, filters.to_date)
	title = _("E-mailing Statements")
	sent, skipped = [], []
	for done, party in enumerate(parties, start=1):
		if not frappe.has_permission(filters.party_type, "read", doc=party):
			skipped.append({"party": party, "reason": _("not permitted")})
		elif not (address := party_address(filters.party_type, party)):
			skipped.append({"party": party, "reason": _("no e-mail address")})
		else:
			statement = get_statement(frappe._dict(filters, party=party))
			_send(statement, [address])
			sent.append({"party": party, "recipients": [address]})
		frappe.publish_progress(
			done * 100 / len(parties), title=title, description=_("{0} of {1}").format(done, len(parties))
		)
	summary = _("{0} statements queued for e-mail, {1} parties skipped.").format(len(sent), len(skipped))
	if skipped:
		summary += "<br>" + "<br>".join(
			frappe.utils.escape_html(f"{row['party']}: {row['reason']}") for row in skipped
		)
	frappe.logger("jxc_app").info(
		{"job": "send_statements", "company": filters.company, "sent": sent, "skipped": skipped}
	)
	frappe.publish_realtime("msgprint", {"message": summary, "title": title}, user=frappe.session.user)
	return {"sent": sent, "skipped": skipped}


def _title(statement) -> str:
	return "客户对账单" if statement.party_type == rules.CUSTOMER else "供应商对账单"


def _email_message(statement, title: str) -> str:
	return (
		f"<p>{frappe.utils.escape_html(statement.party_name)}：</p>"
		f"<p>您好！附件是{frappe.utils.escape_html(statement.company)}"
		f"{formatdate(statement.from_date)} 至 {formatdate(statement.to_date)}的{title}，"
		"请核对后在确认回执上签字盖章并回传。如有不符，请注明。</p>"
	)
