"""The malformed-call probes of 到货验收 and the Purchase Return Request actions, and of the Supplier
Quality report, for ``test_rest_probes_malformed`` (records that do not exist, arguments missing or
garbage); the probes over real records are in ``test_purchase_return_rest``."""

import json

ACTIONS = "jxc_app.jxc_returns.purchase_return_actions"
INSPECTION = "jxc_app.jxc_returns.receipt_inspection.record_inspection"
NOPE = "无此记录-no-such-record"


def purchase_return_probes(probe, report, not_found: str, invalid: str) -> list:
	"""``probe(path, id, args, **options)`` and ``report(name, id, filters, **options)`` make one
	probe each (the module's ``_method`` and ``_report``)."""
	items = json.dumps([{"line": "x", "accepted_qty": 1, "qty": 1}])
	probes = [
		probe(INSPECTION, "record_inspection: arguments missing", lambda w: {}, exc=(invalid,)),
		probe(
			INSPECTION,
			"record_inspection: receipt does not exist",
			lambda w: {"purchase_receipt": NOPE, "items": items},
			exc=(not_found,),
		),
		probe(
			INSPECTION,
			"record_inspection: items not json",
			lambda w: {"purchase_receipt": NOPE, "items": "not json"},
			exc=(invalid,),
		),
		probe(
			f"{ACTIONS}.make_purchase_return_request",
			"make_purchase_return_request: receipt missing",
			lambda w: {},
			exc=(invalid,),
		),
		probe(
			f"{ACTIONS}.make_purchase_return_request",
			"make_purchase_return_request: receipt does not exist",
			lambda w: {"purchase_receipt": NOPE},
			exc=(not_found,),
		),
	]
	for method in ("make_returns", "make_debit_note", "make_refund", "make_replacement_receipt", "close"):
		path = f"{ACTIONS}.{method}"
		probes += [
			probe(path, f"{method}: name missing", lambda w: {}, exc=(invalid,)),
			probe(
				path,
				f"{method}: request does not exist",
				lambda w: {"name": NOPE, "reason": "x"},
				exc=(not_found,),
			),
		]
	probes += [
		probe(
			f"{ACTIONS}.make_returns",
			"make_returns: items garbage",
			lambda w: {"name": NOPE, "items": "{"},
			exc=(invalid,),
		),
		report("Supplier Quality", "Supplier Quality: filters not json", "{", exc=(invalid,)),
		report(
			"Supplier Quality",
			"Supplier Quality: impossible date",
			lambda w: {"company": w.company, "from_date": "2026-02-30"},
			exc=(invalid,),
		),
	]
	return probes
