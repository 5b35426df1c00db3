"""The malformed-call probes of the Sales Ranking report (销售排行与毛利分析) for
``test_rest_probes_malformed``; its own tests are in ``test_sales_ranking``."""

from frappe.utils import add_days, nowdate

REPORT = "Sales Ranking"
NOPE = "无此记录-no-such-record"


def sales_ranking_probes(report, not_found: str, invalid: str) -> list:
	"""``report(name, id, filters, **options)`` makes one probe of a report (the module's
	``_report``)."""

	def period(w, **values):
		return {"company": w.company, "from_date": add_days(nowdate(), -30), "to_date": nowdate(), **values}

	refused = "SalesRankingFilterError"
	return [
		report(REPORT, "sales ranking: filters not json", "not json", exc=(invalid,)),
		report(REPORT, "sales ranking: filters a list", "[1, 2]", exc=(invalid,)),
		report(
			REPORT,
			"sales ranking: company missing",
			lambda w: period(w, company=None),
			exc=(refused,),
		),
		report(
			REPORT,
			"sales ranking: company does not exist",
			lambda w: period(w, company=NOPE),
			exc=(not_found,),
		),
		report(
			REPORT, "sales ranking: company a list", lambda w: period(w, company=[w.company]), exc=(invalid,)
		),
		report(REPORT, "sales ranking: to_date missing", lambda w: period(w, to_date=None), exc=(refused,)),
		report(
			REPORT,
			"sales ranking: from_date impossible",
			lambda w: period(w, from_date="2026-02-30"),
			exc=(invalid,),
		),
		report(
			REPORT,
			"sales ranking: to_date before from_date",
			lambda w: period(w, from_date=nowdate(), to_date=add_days(nowdate(), -9)),
			exc=(refused,),
		),
		report(
			REPORT, "sales ranking: group_by garbage", lambda w: period(w, group_by="Planet"), exc=(invalid,)
		),
		report(REPORT, "sales ranking: top_n negative", lambda w: period(w, top_n=-1), exc=(invalid,)),
		report(REPORT, "sales ranking: top_n garbage", lambda w: period(w, top_n="ten"), exc=(invalid,)),
		report(
			REPORT,
			"sales ranking: customer does not exist",
			lambda w: period(w, customer=NOPE),
			exc=(not_found,),
		),
		report(
			REPORT,
			"sales ranking: warehouse an object",
			lambda w: period(w, warehouse={"a": 1}),
			exc=(invalid,),
		),
		report(
			REPORT,
			"sales ranking: item group does not exist",
			lambda w: period(w, item_group=NOPE),
			exc=(not_found,),
		),
	]
