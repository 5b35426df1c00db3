"""对账单 rules (pure): what kind each voucher is, and the statement
itself from the party's ledger entries: the opening balance, one row per voucher of the period in date
order with its running balance, and the closing balance, in the company currency and in the party's
account currency.

Balances are debit less credit, as ERPNext's General Ledger shows them: a positive balance is owed by
the party to the company (应收, or a prepayment to a supplier), a negative one is owed to the party
(应付, or a customer's advance). An entry is in the opening when it is dated before the period or is an
opening entry (``is_opening`` "Yes"), as in the General Ledger; entries after the period are left out.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

CUSTOMER, SUPPLIER = "Customer", "Supplier"
PARTY_TYPES = (CUSTOMER, SUPPLIER)

# voucher kinds: each has a label the report translates
INVOICE, CREDIT_NOTE, DEBIT_NOTE = "Invoice", "Credit Note", "Debit Note"
RECEIPT, PAYMENT, JOURNAL, OTHER = "Receipt", "Payment", "Journal Entry", "Other"
KINDS = (INVOICE, CREDIT_NOTE, DEBIT_NOTE, RECEIPT, PAYMENT, JOURNAL, OTHER)

PRECISION = 2


class StatementRuleError(ValueError):
	def __init__(self, code: str, **figures):
		super().__init__(code)
		self.code = code
		self.figures = figures


def check_period(from_date: datetime.date, to_date: datetime.date):
	if from_date > to_date:
		raise StatementRuleError("period_reversed", from_date=from_date, to_date=to_date)


def kind(voucher_type: str, is_return: bool = False, payment_type: str | None = None) -> str:
	"""What a voucher is on a statement: an invoice, a credit note (sales return), a debit note
	(purchase return), a receipt or a payment, a journal entry, or other."""
	if voucher_type == "Sales Invoice":
		return CREDIT_NOTE if is_return else INVOICE
	if voucher_type == "Purchase Invoice":
		return DEBIT_NOTE if is_return else INVOICE
	if voucher_type == "Payment Entry":
		return RECEIPT if payment_type == "Receive" else PAYMENT
	if voucher_type == "Journal Entry":
		return JOURNAL
	return OTHER


@dataclass
class Amounts:
	debit: float = 0.0
	credit: float = 0.0
	debit_in_account_currency: float = 0.0
	credit_in_account_currency: float = 0.0

	def add(self, entry: Mapping):
		self.debit += float(entry.get("debit") or 0)
		self.credit += float(entry.get("credit") or 0)
		self.debit_in_account_currency += float(entry.get("debit_in_account_currency") or 0)
		self.credit_in_account_currency += float(entry.get("credit_in_account_currency") or 0)

	@property
	def balance(self) -> float:
		return round(self.debit - self.credit, PRECISION)

	@property
	def balance_in_account_currency(self) -> float:
		return round(self.debit_in_account_currency - self.credit_in_account_currency, PRECISION)

	def rounded(self) -> "Amounts":
		return Amounts(
			*(
				round(value, PRECISION)
				for value in (
					self.debit,
					self.credit,
					self.debit_in_account_currency,
					self.credit_in_account_currency,
				)
			)
		)


@dataclass
class Row:
	posting_date: datetime.date
	voucher_type: str
	voucher_no: str
	amounts: Amounts
	balance: float = 0.0
	balance_in_account_currency: float = 0.0
	account_currency: str | None = None
	remarks: str = ""


@dataclass
class Statement:
	opening: Amounts
	rows: list[Row] = field(default_factory=list)
	total: Amounts = field(default_factory=Amounts)

	@property
	def closing_balance(self) -> float:
		return round(self.opening.balance + self.total.balance, PRECISION)

	@property
	def closing_balance_in_account_currency(self) -> float:
		return round(
			self.opening.balance_in_account_currency + self.total.balance_in_account_currency, PRECISION
		)

	@property
	def account_currencies(self) -> set[str]:
		return {row.account_currency for row in self.rows if row.account_currency}


def _date(value) -> datetime.date:
	if isinstance(value, datetime.datetime):
		return value.date()
	if isinstance(value, datetime.date):
		return value
	return datetime.date.fromisoformat(str(value)[:10])


def build(entries: Iterable[Mapping], from_date: datetime.date, to_date: datetime.date) -> Statement:
	"""The statement of ``entries`` (the party's ledger entries, in posting order: posting_date,
	is_opening, voucher_type, voucher_no, debit, credit and their ``_in_account_currency``,
	account_currency, remarks) for the period. A voucher's entries make one row, at the place of its
	first entry."""
	check_period(from_date, to_date)
	opening = Amounts()
	rows: dict[tuple[str, str], Row] = {}
	for entry in entries:
		posting_date = _date(entry["posting_date"])
		if posting_date < from_date or entry.get("is_opening") == "Yes":
			opening.add(entry)
			continue
		if posting_date > to_date:
			continue
		key = (entry["voucher_type"], entry["voucher_no"])
		row = rows.get(key)
		if row is None:
			row = rows[key] = Row(
				posting_date=posting_date,
				voucher_type=entry["voucher_type"],
				voucher_no=entry["voucher_no"],
				amounts=Amounts(),
				account_currency=entry.get("account_currency"),
				remarks=entry.get("remarks") or "",
			)
		row.amounts.add(entry)
	statement = Statement(opening=opening.rounded())
	balance, balance_in_account_currency = opening.balance, opening.balance_in_account_currency
	total = Amounts()
	for row in sorted(rows.values(), key=lambda row: row.posting_date):  # stable: posting order kept
		row.amounts = row.amounts.rounded()
		balance = round(balance + row.amounts.balance, PRECISION)
		balance_in_account_currency = round(
			balance_in_account_currency + row.amounts.balance_in_account_currency, PRECISION
		)
		row.balance, row.balance_in_account_currency = balance, balance_in_account_currency
		total.add(vars(row.amounts))
		statement.rows.append(row)
	statement.total = total.rounded()
	return statement


OWED_BY_PARTY, OWED_TO_PARTY, SETTLED = "owed_by_party", "owed_to_party", "settled"


def direction(balance: float) -> str:
	"""Who owes whom at a balance: the party owes the company (positive), the company owes the
	party (negative), or neither."""
	if round(balance, PRECISION) > 0:
		return OWED_BY_PARTY
	if round(balance, PRECISION) < 0:
		return OWED_TO_PARTY
	return SETTLED
