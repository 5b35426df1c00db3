"""The malformed-call probes of the alert center's REST methods (``jxc_app.jxc_alerts.api``) for
``test_rest_probes_malformed``: arguments missing, of the wrong type or garbage, alerts that do not
exist, reads sent as writes. The probes over real alerts (who may act on which) are in ``test_alert_rest``."""

import json

API = "jxc_app.jxc_alerts.api"
NOPE = "无此预警-no-such-alert"


def alert_probes(probe, not_found: str, invalid: str, not_permitted: str) -> list:
	"""``probe(path, id, args, **options)`` makes one probe (the module's ``_method``)."""
	probes = []
	for method, extra in (
		("acknowledge", {}),
		("assign", {"user": "Administrator"}),
		("resolve", {"comment": "x"}),
		("snooze", {"until": "2999-01-01"}),
	):
		path = f"{API}.{method}"
		probes += [
			probe(path, f"alerts {method}: no arguments", lambda w: {}, exc=(invalid,)),
			probe(
				path,
				f"alerts {method}: names not a list",
				lambda w, extra=extra: {"names": "[not json", **extra},
				exc=(invalid,),
			),
			probe(
				path,
				f"alerts {method}: alert does not exist",
				lambda w, extra=extra: {"names": json.dumps([NOPE]), **extra},
				exc=(not_found,),
			),
			probe(
				path,
				f"alerts {method}: a number for the names",
				lambda w, extra=extra: {"names": json.dumps({"a": 1}), **extra},
				exc=(invalid,),
			),
		]
	probes += [
		probe(
			f"{API}.acknowledge",
			"alerts acknowledge: over the batch limit",
			lambda w: {"names": json.dumps([f"{NOPE}-{n}" for n in range(501)])},
			exc=(invalid, "ValidationError"),
		),
		probe(
			f"{API}.assign",
			"alerts assign: user does not exist",
			lambda w: {"names": json.dumps([NOPE]), "user": "nobody@nowhere.invalid"},
			exc=(not_found,),
		),
		probe(
			f"{API}.snooze",
			"alerts snooze: until garbage",
			lambda w: {"names": json.dumps([NOPE]), "until": "next tuesday"},
			exc=(invalid,),
		),
		probe(
			f"{API}.snooze",
			"alerts snooze: until in the past",
			lambda w: {"names": json.dumps([NOPE]), "until": "2000-01-01"},
			exc=(invalid, "ValidationError"),
		),
		probe(f"{API}.follow_up", "alerts follow_up: no arguments", lambda w: {}, exc=(invalid,)),
		probe(
			f"{API}.follow_up",
			"alerts follow_up: alert does not exist",
			lambda w: {"name": NOPE, "date": "2999-01-01"},
			exc=(not_found,),
		),
		probe(
			f"{API}.follow_up",
			"alerts follow_up: name a list",
			lambda w: {"name": json.dumps([NOPE])},
			exc=(invalid, not_found),
		),
		probe(f"{API}.summary", "alerts summary: POST to a read", lambda w: {}, exc=(not_permitted,)),
		probe(
			f"{API}.trend",
			"alerts trend: days garbage",
			lambda w: {"days": "many"},
			verb="GET",
			exc=(invalid,),
		),
		probe(
			f"{API}.trend",
			"alerts trend: days zero",
			lambda w: {"days": "0"},
			verb="GET",
			exc=(invalid, "ValidationError"),
		),
		probe(
			f"{API}.trend",
			"alerts trend: days over a year",
			lambda w: {"days": "100000"},
			verb="GET",
			exc=(invalid, "ValidationError"),
		),
		probe(f"{API}.trend", "alerts trend: POST to a read", lambda w: {}, exc=(not_permitted,)),
	]
	return probes
