"""Names of ERPNext's default records, looked up rather than assumed.

ERPNext's setup wizard names its defaults in the language it runs in: a site set up in 简体中文 has
所有物料群组 for "All Item Groups", 仓库 for "Stores", 标准采购 for "Standard Buying". Tree roots come
from ``frappe.utils.nestedset.get_root_of``; the rest from the site's settings, here.
"""

import frappe


def default_stock_uom() -> str:
	"""Stock Settings' default UOM (set by the setup wizard), else the first enabled whole-number UOM."""
	uom = frappe.db.get_single_value("Stock Settings", "stock_uom")
	if uom and frappe.db.exists("UOM", uom):
		return uom
	return frappe.db.get_value(
		"UOM", {"enabled": 1, "must_be_whole_number": 1}, order_by="name"
	) or frappe.db.get_value("UOM", {"enabled": 1}, order_by="name")
