"""The malformed-call probes of the 对账单 (Party Statement report and ``email_statement``) for
``test_rest_probes_malformed``: filters and arguments missing, of the wrong kind or garbage, parties
and companies that do not exist, a reversed period, recipients that are not addresses, and GET on
the e-mail (which writes an Email Queue). The probe user is an Accounts Manager, so the permission
checks pass and the argument handling answers; the 403s are in ``test_party_statement``."""

from frappe.utils import add_days, nowdate

EMAIL = "jxc_app.jxc_selling.statement.email_statement"
BULK = "jxc_app.jxc_selling.statement.email_statements"
REPORT = "Party Statement"
NOPE = "无此记录-no-such-party"
STATEMENT_ERROR = "PartyStatementError"


def _supplier(w) -> str:
	"""The probe world's supplier (made for the purchasing probes; it has no e-mail address)."""
	return next(name for doctype, name in w.made if doctype == "Supplier")


def _statement(w, **values) -> dict:
	return {
		"company": w.company,
		"party_type": "Supplier",
		"party": _supplier(w),
		"from_date": add_days(nowdate(), -30),
		"to_date": nowdate(),
		**values,
	}


def _bulk(w, **values) -> dict:
	"""A bulk e-mail's arguments (every probe is refused before a job is enqueued)."""
	return {
		"company": w.company,
		"party_type": "Supplier",
		"from_date": add_days(nowdate(), -30),
		"to_date": nowdate(),
		**values,
	}


def party_statement_probes(probe, report, not_found: str, invalid: str) -> list:
	"""``probe(path, id, args, **options)`` makes one probe of a method, ``report(name, id,
	filters, **options)`` one of a report (the module's ``_method`` and ``_report``)."""
	return [
		report(REPORT, "party statement: filters not json", "not json", exc=(invalid,)),
		report(REPORT, "party statement: filters a list", "[1, 2]", exc=(invalid,)),
		report(REPORT, "party statement: no filters", {}, exc=(STATEMENT_ERROR,)),
		report(
			REPORT,
			"party statement: party missing",
			lambda w: _statement(w, party=None),
			exc=(STATEMENT_ERROR,),
		),
		report(
			REPORT,
			"party statement: party type garbage",
			lambda w: _statement(w, party_type="Planet"),
			exc=(invalid,),
		),
		report(
			REPORT,
			"party statement: party does not exist",
			lambda w: _statement(w, party=NOPE),
			exc=(not_found,),
		),
		report(
			REPORT,
			"party statement: party a list",
			lambda w: _statement(w, party=[_supplier(w)]),
			exc=(invalid,),
		),
		report(
			REPORT,
			"party statement: company does not exist",
			lambda w: _statement(w, company=NOPE),
			exc=(not_found,),
		),
		report(
			REPORT,
			"party statement: impossible date",
			lambda w: _statement(w, to_date="2026-02-30"),
			exc=(invalid,),
		),
		report(
			REPORT,
			"party statement: period reversed",
			lambda w: _statement(w, from_date=nowdate(), to_date=add_days(nowdate(), -9)),
			exc=(STATEMENT_ERROR,),
		),
		probe(EMAIL, "email statement: no arguments", lambda w: {}, exc=(invalid,)),
		probe(EMAIL, "email statement: party missing", lambda w: _statement(w, party=""), exc=(invalid,)),
		probe(
			EMAIL,
			"email statement: party does not exist",
			lambda w: _statement(w, party=NOPE),
			exc=(not_found,),
		),
		probe(
			EMAIL,
			"email statement: party type garbage",
			lambda w: _statement(w, party_type="Employee"),
			exc=(invalid,),
		),
		probe(
			EMAIL,
			"email statement: from_date garbage",
			lambda w: _statement(w, from_date="yesterday"),
			exc=(invalid,),
		),
		probe(
			EMAIL,
			"email statement: period reversed",
			lambda w: _statement(w, from_date=nowdate(), to_date=add_days(nowdate(), -9)),
			exc=(STATEMENT_ERROR,),
		),
		probe(
			EMAIL,
			"email statement: recipients not addresses",
			lambda w: _statement(w, recipients="not-an-address"),
			exc=(invalid,),
		),
		probe(
			EMAIL,
			"email statement: recipients an object in a JSON body",
			lambda w: _statement(w, recipients={"to": "x"}),
			body="json",
		),
		probe(
			EMAIL,
			"email statement: no address on the party",
			lambda w: _statement(w),
			exc=("NoStatementRecipientError",),
		),
		probe(
			EMAIL,
			"email statement: GET",
			lambda w: _statement(w, recipients="statements@jxc-test.example.com"),
			verb="GET",
		),
		probe(BULK, "email statements: no arguments", lambda w: {}, exc=(invalid,)),
		probe(BULK, "email statements: to_date missing", lambda w: _bulk(w, to_date=""), exc=(invalid,)),
		probe(
			BULK,
			"email statements: party type garbage",
			lambda w: _bulk(w, party_type="Employee"),
			exc=(invalid,),
		),
		probe(
			BULK,
			"email statements: company does not exist",
			lambda w: _bulk(w, company=NOPE),
			exc=(not_found,),
		),
		probe(
			BULK,
			"email statements: company an object in a JSON body",
			lambda w: _bulk(w, company={"!=": ""}),
			body="json",
			exc=("FrappeTypeError", invalid),
		),
		probe(
			BULK,
			"email statements: impossible date",
			lambda w: _bulk(w, from_date="2026-02-30"),
			exc=(invalid,),
		),
		probe(
			BULK,
			"email statements: period reversed",
			lambda w: _bulk(w, from_date=nowdate(), to_date=add_days(nowdate(), -9)),
			exc=(STATEMENT_ERROR,),
		),
		probe(BULK, "email statements: GET", lambda w: _bulk(w), verb="GET"),
	]
