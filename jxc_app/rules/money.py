"""人民币大写 for print formats and vouchers."""

from decimal import ROUND_HALF_UP, Decimal

import cn2an


def rmb_in_words(amount) -> str:
	"""Capitalised renminbi amount as on Chinese invoices, e.g. 壹佰贰拾叁元肆角伍分.

	Rounds to the fen; negative amounts are prefixed with 负.
	"""
	value = Decimal(str(amount or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
	if value < 0:
		return "负" + rmb_in_words(-value)
	return cn2an.an2cn(format(value, "f"), "rmb")
