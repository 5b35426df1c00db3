"""The names a Stock Transfer Order and its Stock Entries share: the DocType, the custom fields that
tie an entry to the order (``jxc_app.setup.customizations``), and where a line keeps each quantity."""

from jxc_app.rules import stock_transfer as transfer_rules

STOCK_TRANSFER_ORDER = "Stock Transfer Order"
STOCK_TRANSFER_ORDER_ITEM = "Stock Transfer Order Item"
STOCK_TRANSFER_VARIANCE = "Stock Transfer Variance"

# on a Stock Entry: the order; on each of its rows: the order line and what happened to the goods
ORDER_FIELD = "jxc_stock_transfer_order"
LINE_FIELD = "jxc_stock_transfer_order_item"
DISPOSITION_FIELD = "jxc_transfer_disposition"

# an order line's quantity field per disposition of the entries' rows
LINE_QTY_FIELDS = {
	transfer_rules.DISPATCHED: "dispatched_qty",
	transfer_rules.RECEIVED: "received_qty",
	transfer_rules.DAMAGED: "damaged_qty",
	transfer_rules.REFUSED: "refused_qty",
	transfer_rules.SHORTAGE_WRITTEN_OFF: "written_off_qty",
	transfer_rules.SHORTAGE_RETURNED: "returned_qty",
}
