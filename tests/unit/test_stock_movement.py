import random
import re
from datetime import date

import pytest

from jxc_app.rules.stock_movement import (
	BUSINESS_TYPES,
	COLUMNS,
	DEFAULT_RULE,
	INBOUND,
	LABELS_EN,
	LABELS_ZH,
	OUTBOUND,
	STOCK_ENTRY_PURPOSES,
	VOUCHER_RULES,
	classify,
	find_rule,
	ledger_qty_change,
	summarize,
	summary_column,
)

BUYING = ("Purchase Receipt", "Purchase Invoice", "Subcontracting Receipt")
SELLING = ("Delivery Note", "Sales Invoice", "POS Invoice")

# every v15 Stock Entry purpose: (column of a row that raises the quantity, of one that lowers it)
STOCK_ENTRY_EXPECTED = {
	"Material Receipt": ("other_in", "other_out"),
	"Material Issue": ("other_in", "other_out"),
	"Material Transfer": ("transfer_in", "transfer_out"),
	"Send to Subcontractor": ("transfer_in", "transfer_out"),
	"Material Transfer for Manufacture": ("transfer_in", "transfer_out"),
	"Material Consumption for Manufacture": ("production_in", "production_out"),
	"Manufacture": ("production_in", "production_out"),
	"Repack": ("production_in", "production_out"),
	"Disassemble": ("production_in", "production_out"),
}


def reco(previous: float, counted: float, **kwargs) -> str:
	"""A plain item's Stock Reconciliation row as v15 writes it: actual_qty 0, the counted balance."""
	change = ledger_qty_change("Stock Reconciliation", 0, counted, previous)
	return classify("Stock Reconciliation", 0, qty_change=change, **kwargs)


# --- the business types --------------------------------------------------------------------------


def test_columns_are_the_issues_in_its_order():
	assert [LABELS_ZH[key] for key in INBOUND] == [
		"采购入库",
		"销售退货入库",
		"调拨入库",
		"盘盈",
		"生产入库",
		"其他入库",
	]
	assert [LABELS_ZH[key] for key in OUTBOUND] == [
		"销售出库",
		"采购退货出库",
		"调拨出库",
		"盘亏",
		"生产领料",
		"其他出库",
	]
	assert INBOUND[0] == "purchase_in" and OUTBOUND[0] == "sales_out"
	assert COLUMNS == INBOUND + OUTBOUND and not set(INBOUND) & set(OUTBOUND)


def test_every_business_type_is_a_fieldname_with_both_labels():
	assert set(BUSINESS_TYPES) == set(COLUMNS) | {"opening_stock", "revaluation"}
	assert len(BUSINESS_TYPES) == len(set(BUSINESS_TYPES)) == 14
	for key in BUSINESS_TYPES:
		assert re.fullmatch(r"[a-z][a-z_]*", key), key
		assert LABELS_ZH[key] and LABELS_EN[key]
	assert set(LABELS_ZH) == set(LABELS_EN) == set(BUSINESS_TYPES)
	assert len(set(LABELS_ZH.values())) == len(set(LABELS_EN.values())) == 14


# --- purchases and sales -------------------------------------------------------------------------


@pytest.mark.parametrize("voucher_type", BUYING)
def test_purchases_and_their_returns(voucher_type):
	assert classify(voucher_type, 10) == "purchase_in"
	assert classify(voucher_type, -10, is_return=True) == "purchase_return_out"
	assert classify(voucher_type, -10, is_return=1) == "purchase_return_out"


@pytest.mark.parametrize("voucher_type", BUYING)
def test_subcontracted_raw_materials_are_production(voucher_type):
	# consumed at the supplier's warehouse on receipt; back there when the receipt is returned
	assert classify(voucher_type, -4) == "production_out"
	assert classify(voucher_type, 4, is_return=True) == "production_in"


@pytest.mark.parametrize("voucher_type", SELLING)
def test_sales_and_their_returns(voucher_type):
	assert classify(voucher_type, -3) == "sales_out"
	assert classify(voucher_type, 3, is_return=True) == "sales_return_in"
	assert classify(voucher_type, 3, is_return=0) == "transfer_in"  # a target warehouse row


@pytest.mark.parametrize("voucher_type", SELLING)
def test_a_sales_target_warehouse_is_a_transfer(voucher_type):
	# ERPNext treats an item's target warehouse as a material transfer, both on delivery and return
	assert classify(voucher_type, 5) == "transfer_in"
	assert classify(voucher_type, -5, is_return=True) == "transfer_out"


@pytest.mark.parametrize("voucher_type", BUYING + SELLING)
def test_internal_transfers_never_leave_the_company(voucher_type):
	for is_return in (False, True):
		assert classify(voucher_type, -2, is_internal_transfer=True, is_return=is_return) == "transfer_out"
		assert classify(voucher_type, 2, is_internal_transfer=1, is_return=is_return) == "transfer_in"


# --- stock entries ---------------------------------------------------------------------------------


def test_every_v15_stock_entry_purpose_is_expected_here():
	assert set(STOCK_ENTRY_EXPECTED) == set(STOCK_ENTRY_PURPOSES)


@pytest.mark.parametrize("purpose", sorted(STOCK_ENTRY_EXPECTED))
def test_stock_entry_purposes(purpose):
	inbound, outbound = STOCK_ENTRY_EXPECTED[purpose]
	assert classify("Stock Entry", 7.5, purpose=purpose) == inbound
	assert classify("Stock Entry", -7.5, purpose=purpose) == outbound
	# a stock entry's return flag (materials back from work in progress) does not change its kind
	assert classify("Stock Entry", 1, purpose=purpose, is_return=True) == inbound


def test_every_purpose_has_its_own_rule():
	for purpose in STOCK_ENTRY_PURPOSES:
		assert find_rule("Stock Entry", purpose).purpose == purpose


def test_stock_entry_without_a_known_purpose_is_other():
	for purpose in (None, "", "Something New"):
		assert classify("Stock Entry", 1, purpose=purpose) == "other_in"
		assert classify("Stock Entry", -1, purpose=purpose) == "other_out"


def test_pre_v13_return_purposes():
	assert classify("Stock Entry", 2, purpose="Sales Return") == "sales_return_in"
	assert classify("Stock Entry", -2, purpose="Purchase Return") == "purchase_return_out"


def test_transit_transfer_legs_are_all_transfers():
	# Add to Transit: source -> transit; then the entry ending the transit: transit -> target
	legs = [-10, 10, -10, 10]
	assert [classify("Stock Entry", qty, purpose="Material Transfer") for qty in legs] == [
		"transfer_out",
		"transfer_in",
		"transfer_out",
		"transfer_in",
	]


# --- stock reconciliation, opening, revaluation -------------------------------------------------


def test_ledger_qty_change_reads_a_reconciliation_as_a_balance():
	assert ledger_qty_change("Stock Reconciliation", 0, 12, 10) == 2
	assert ledger_qty_change("Stock Reconciliation", 0, 7, 10) == -3
	assert ledger_qty_change("Stock Reconciliation", 0, 5, None) == 5
	assert ledger_qty_change("Delivery Note", -4, 6, 10) == -4
	assert ledger_qty_change("Stock Entry", None, 6, 10) == 0


def test_reconciliation_gain_and_loss():
	assert reco(10, 12) == "stocktake_gain"
	assert reco(10, 7) == "stocktake_loss"
	assert reco(10, 12, purpose="Stock Reconciliation") == "stocktake_gain"
	# serial/batch items: an "all out" row and an "all in" row with real actual_qty
	assert classify("Stock Reconciliation", -10, qty_change=-10) == "stocktake_loss"
	assert classify("Stock Reconciliation", 12, qty_change=12) == "stocktake_gain"


def test_reconciliation_without_its_change_is_refused():
	with pytest.raises(ValueError):
		classify("Stock Reconciliation", 0)
	with pytest.raises(ValueError):
		classify("Stock Reconciliation", 3, purpose="Opening Stock")


def test_opening_entries_are_flagged():
	assert reco(0, 100, purpose="Opening Stock") == "opening_stock"
	assert classify("Stock Entry", 100, purpose="Material Receipt", is_opening="Yes") == "opening_stock"
	assert classify("Stock Entry", 100, purpose="Material Receipt", is_opening=True) == "opening_stock"
	assert classify("Stock Entry", 100, purpose="Material Receipt", is_opening="No") == "other_in"
	assert classify("Stock Entry", 100, purpose="Material Receipt", is_opening="") == "other_in"


def test_a_row_that_moves_no_quantity_is_revaluation():
	assert reco(10, 10) == "revaluation"  # only the valuation rate changed
	assert reco(10, 10, purpose="Opening Stock") == "revaluation"
	assert classify("Purchase Receipt", 0) == "revaluation"
	assert classify("Stock Entry", 1e-12, purpose="Manufacture") == "revaluation"
	assert classify("Stock Entry", 0.0, purpose="Material Receipt", is_opening="Yes") == "revaluation"
	assert classify("Delivery Note", -5, qty_change=0) == "revaluation"  # qty_change wins over actual_qty
	assert ledger_qty_change("Stock Reconciliation", 0, 10.3, 10.3) == 0


def test_unknown_voucher_types_are_other_by_sign():
	for voucher_type in ("Asset Capitalization", "Some Future Doctype"):
		assert classify(voucher_type, 1) == "other_in"
		assert classify(voucher_type, -1) == "other_out"
	assert find_rule("Some Future Doctype") is DEFAULT_RULE


def test_summary_columns_fold_opening_and_revaluation_into_other():
	assert summary_column("opening_stock", 100, 5000) == "other_in"
	assert summary_column("opening_stock", -1, -50) == "other_out"
	assert summary_column("revaluation", 0, 30) == "other_in"
	assert summary_column("revaluation", 0, -30) == "other_out"
	for column in COLUMNS:
		assert summary_column(column, -1, -1) == column
	with pytest.raises(ValueError):
		summary_column("nonsense", 1, 1)


# --- the table is the one source of truth ---------------------------------------------------------


def test_table_rows_are_well_formed():
	for rule in VOUCHER_RULES:
		assert rule.inbound in BUSINESS_TYPES and rule.outbound in BUSINESS_TYPES, rule
		assert rule.inbound not in OUTBOUND and rule.outbound not in INBOUND, rule


def test_classify_follows_the_table():
	for rule in VOUCHER_RULES:
		kwargs = {"purpose": rule.purpose, "is_return": bool(rule.is_return)}
		if rule.voucher_type == "Stock Reconciliation":
			assert classify(rule.voucher_type, 0, qty_change=2, **kwargs) == rule.inbound
			assert classify(rule.voucher_type, 0, qty_change=-2, **kwargs) == rule.outbound
		else:
			assert classify(rule.voucher_type, 2, **kwargs) == rule.inbound
			assert classify(rule.voucher_type, -2, **kwargs) == rule.outbound


def test_first_matching_rule_wins():
	# a buying/selling return rule comes before the rule matching any return flag
	for voucher_type in BUYING + SELLING:
		rules = [rule for rule in VOUCHER_RULES if rule.voucher_type == voucher_type]
		assert [rule.is_return for rule in rules] == [True, None]
	# the opening reconciliation before the catch-all one
	rules = [rule for rule in VOUCHER_RULES if rule.voucher_type == "Stock Reconciliation"]
	assert [rule.purpose for rule in rules] == ["Opening Stock", None]
	# stock entry rules are all by purpose; one without a known purpose falls to the default
	assert all(rule.purpose for rule in VOUCHER_RULES if rule.voucher_type == "Stock Entry")
	assert find_rule("Stock Entry", None) is find_rule("Stock Entry", "Something New") is DEFAULT_RULE


def test_every_combination_gives_a_business_type():
	voucher_types = (*BUYING, *SELLING, "Stock Entry", "Stock Reconciliation", "Other")
	purposes = (None, *STOCK_ENTRY_PURPOSES, "Opening Stock", "Stock Reconciliation")
	for voucher_type in voucher_types:
		for purpose in purposes:
			for flags in ({}, {"is_return": True}, {"is_opening": "Yes"}, {"is_internal_transfer": True}):
				for qty in (-1, 0, 1):
					key = classify(voucher_type, qty, purpose=purpose, qty_change=qty, **flags)
					assert key in BUSINESS_TYPES
					if qty > 0:
						assert key not in OUTBOUND
					if qty < 0:
						assert key not in INBOUND


# --- summarize ---------------------------------------------------------------------------------------


def movement(item, warehouse, voucher_type, qty, value, day=10, **fields):
	return {
		"item_code": item,
		"warehouse": warehouse,
		"voucher_type": voucher_type,
		"actual_qty": qty,
		"stock_value_difference": value,
		"posting_date": date(2026, 3, day),
		**fields,
	}


MOVEMENTS = [
	movement("A", "主仓", "Purchase Receipt", 100, 1000),
	movement("A", "主仓", "Purchase Receipt", -10, -100, is_return=1),
	movement("A", "主仓", "Delivery Note", -30, -300),
	movement("A", "主仓", "Sales Invoice", 5, 50, is_return=1),
	movement("A", "主仓", "Stock Entry", -20, -200, purpose="Material Transfer"),
	movement("A", "在途", "Stock Entry", 20, 200, purpose="Material Transfer"),
	movement("A", "主仓", "Stock Reconciliation", 0, 40, qty_change=4),
	movement("A", "主仓", "Stock Reconciliation", 0, 25, qty_change=0),  # valuation only
	movement("A", "主仓", "Stock Entry", -8, -80, purpose="Manufacture"),
	movement("B", "主仓", "Stock Entry", 2, 120, purpose="Manufacture"),
	movement("B", "主仓", "Stock Reconciliation", 0, -60, qty_change=-1),
	movement("B", "主仓", "Stock Entry", -1, -60, purpose="Material Issue"),
	movement("B", "主仓", "Stock Entry", 3, 150, purpose="Material Receipt", is_opening="Yes"),
]
OPENINGS = [
	{"item_code": "A", "warehouse": "主仓", "opening_qty": 50, "opening_value": 500},
	{"item_code": "C", "warehouse": "主仓", "opening_qty": 7, "opening_value": 70},
]


def test_summarize_columns():
	result = summarize(MOVEMENTS, OPENINGS)
	assert set(result) == {("A", "主仓"), ("A", "在途"), ("B", "主仓"), ("C", "主仓")}
	a = result[("A", "主仓")]
	assert (a["opening_qty"], a["opening_value"]) == (50, 500)
	assert (a["purchase_in_qty"], a["purchase_in_value"]) == (100, 1000)
	assert (a["purchase_return_out_qty"], a["purchase_return_out_value"]) == (10, 100)
	assert (a["sales_out_qty"], a["sales_out_value"]) == (30, 300)
	assert (a["sales_return_in_qty"], a["sales_return_in_value"]) == (5, 50)
	assert (a["transfer_out_qty"], a["transfer_out_value"]) == (20, 200)
	assert (a["stocktake_gain_qty"], a["stocktake_gain_value"]) == (4, 40)
	assert (a["production_out_qty"], a["production_out_value"]) == (8, 80)
	assert (a["other_in_qty"], a["other_in_value"]) == (0, 25)  # the revaluation: value, no quantity
	assert (a["in_qty"], a["in_value"]) == (109, 1115)
	assert (a["out_qty"], a["out_value"]) == (68, 680)
	assert (a["closing_qty"], a["closing_value"]) == (91, 935)

	assert result[("A", "在途")]["transfer_in_qty"] == 20
	b = result[("B", "主仓")]
	assert (b["production_in_qty"], b["stocktake_loss_qty"], b["stocktake_loss_value"]) == (2, 1, 60)
	assert (b["other_out_qty"], b["other_in_qty"], b["other_in_value"]) == (1, 3, 150)  # issue; opening entry
	assert (b["closing_qty"], b["closing_value"]) == (3, 150)
	c = result[("C", "主仓")]
	assert (c["closing_qty"], c["closing_value"], c["in_qty"], c["out_qty"]) == (7, 70, 0, 0)


def test_summarize_identity_holds_for_every_group():
	result = summarize(MOVEMENTS, OPENINGS)
	for key, totals in result.items():
		rows = [row for row in MOVEMENTS if (row["item_code"], row["warehouse"]) == key]
		qty = sum(row.get("qty_change", row["actual_qty"]) for row in rows)
		value = sum(row["stock_value_difference"] for row in rows)
		for measure, moved in (("qty", qty), ("value", value)):
			assert totals[f"in_{measure}"] == pytest.approx(sum(totals[f"{c}_{measure}"] for c in INBOUND))
			assert totals[f"out_{measure}"] == pytest.approx(sum(totals[f"{c}_{measure}"] for c in OUTBOUND))
			assert totals[f"closing_{measure}"] == pytest.approx(
				totals[f"opening_{measure}"] + totals[f"in_{measure}"] - totals[f"out_{measure}"]
			)
			assert totals[f"closing_{measure}"] == pytest.approx(totals[f"opening_{measure}"] + moved)


def test_summarize_identity_on_random_ledgers():
	rng = random.Random(20260301)
	voucher_types = (*BUYING, *SELLING, "Stock Entry", "Stock Reconciliation", "Asset Capitalization")
	rows = []
	for _ in range(500):
		qty = rng.choice((0, rng.randint(-50, 50), round(rng.uniform(-5, 5), 3)))
		rows.append(
			{
				"item_code": rng.choice("XYZ"),
				"warehouse": "W",
				"voucher_type": rng.choice(voucher_types),
				"purpose": rng.choice((None, *STOCK_ENTRY_PURPOSES, "Opening Stock")),
				"is_return": rng.random() < 0.2,
				"is_opening": rng.choice(("Yes", "No", "No", "No")),
				"actual_qty": qty,
				"qty_change": qty,
				"stock_value_difference": round(qty * rng.uniform(1, 20) + rng.uniform(-3, 3), 2),
			}
		)
	result = summarize(rows, group_by=("item_code",))
	for (item,), totals in result.items():
		mine = [row for row in rows if row["item_code"] == item]
		assert totals["closing_qty"] == pytest.approx(sum(row["qty_change"] for row in mine))
		assert totals["closing_value"] == pytest.approx(sum(row["stock_value_difference"] for row in mine))
		assert totals["closing_qty"] == pytest.approx(totals["in_qty"] - totals["out_qty"])
		for column in COLUMNS:
			assert totals[f"{column}_qty"] >= -1e-9, column  # direction follows the sign


def test_transit_transfers_net_out_company_wide():
	rows = [
		movement("A", "主仓", "Stock Entry", -10, -100, purpose="Material Transfer"),
		movement("A", "在途", "Stock Entry", 10, 100, purpose="Material Transfer"),
		movement("A", "在途", "Stock Entry", -10, -100, day=12, purpose="Material Transfer"),
		movement("A", "分仓", "Stock Entry", 10, 100, day=12, purpose="Material Transfer"),
		movement("A", "主仓", "Delivery Note", -5, -50, is_internal_transfer=1),
		movement("A", "在途", "Delivery Note", 5, 50, is_internal_transfer=1),
		movement("A", "在途", "Purchase Receipt", -5, -50, is_internal_transfer=1),
		movement("A", "分仓", "Purchase Receipt", 5, 50, is_internal_transfer=1),
	]
	(totals,) = summarize(rows, [{"opening_qty": 40, "opening_value": 400}], group_by=()).values()
	assert (totals["transfer_in_qty"], totals["transfer_out_qty"]) == (30, 30)
	assert (totals["in_qty"], totals["out_qty"]) == (30, 30)
	assert totals["sales_out_qty"] == totals["purchase_in_qty"] == 0
	assert (totals["closing_qty"], totals["closing_value"]) == (40, 400)


def test_summarize_splits_by_date():
	rows = [
		movement("A", "主仓", "Purchase Receipt", 10, 100, day=1),
		movement("A", "主仓", "Delivery Note", -4, -40, day=15),
		{**movement("A", "主仓", "Delivery Note", -1, -10), "posting_date": "2026-03-31"},
		movement("A", "主仓", "Delivery Note", -2, -20, day=31),
	]
	totals = summarize(rows, from_date=date(2026, 3, 10), to_date="2026-03-30")[("A", "主仓")]
	assert (totals["opening_qty"], totals["opening_value"]) == (10, 100)  # before the period
	assert (totals["sales_out_qty"], totals["closing_qty"], totals["closing_value"]) == (4, 6, 60)
	# without dates everything is a movement
	totals = summarize(rows)[("A", "主仓")]
	assert (totals["opening_qty"], totals["purchase_in_qty"], totals["sales_out_qty"]) == (0, 10, 7)


def test_summarize_uses_a_given_business_type_and_rejects_unknown_ones():
	classified = [
		{
			**row,
			"business_type": classify(row["voucher_type"], row["actual_qty"], is_return=row.get("is_return")),
		}
		for row in MOVEMENTS[:4]
	]
	assert [row["business_type"] for row in classified] == [
		"purchase_in",
		"purchase_return_out",
		"sales_out",
		"sales_return_in",
	]
	assert summarize(classified) == summarize(MOVEMENTS[:4])
	# a given type is taken as is: the report may override the rules
	override = [{**MOVEMENTS[0], "business_type": "other_in"}]
	assert summarize(override)[("A", "主仓")]["other_in_qty"] == 100
	with pytest.raises(ValueError):
		summarize([{**MOVEMENTS[0], "business_type": "bogus"}])


def test_summarize_refuses_a_reconciliation_without_its_change():
	with pytest.raises(ValueError):
		summarize([movement("A", "主仓", "Stock Reconciliation", 0, 40)])


def test_summarize_nothing():
	assert summarize([]) == {}


def test_movement_detail_filter_offers_every_business_type():
	"""The report's Business Type filter (JS) lists exactly the rule's types, with its labels."""
	from pathlib import Path

	script = (
		Path(__file__).parents[2]
		/ "jxc_app/jxc_reports/report/stock_movement_detail/stock_movement_detail.js"
	).read_text(encoding="utf-8")
	offered = dict(re.findall(r'\["(\w+)", "([^"]+)"\]', script))
	assert offered == {key: LABELS_EN[key] for key in BUSINESS_TYPES}
