"""库存调拨: the Stock Transfer Order and the ERPNext Stock Entries that move its goods.

- Dispatch (出库): a Material Transfer *Add to Transit* from the source to the in-transit warehouse.
- Receive (收货): Material Transfers out of transit linked to the dispatch they end (ERPNext's own
  End Transit link: ``outgoing_stock_entry`` / ``ste_detail``, so the dispatch's % transferred
  follows): received goods to the destination, damaged goods (破损) to the damaged-goods warehouse,
  refused goods (拒收) back to the source. A shortage (短少) stays in transit until it is written off
  (Material Issue charged to the transit loss account) or returned to the source.

Every Stock Entry carries the order (``jxc_stock_transfer_order``) and each row its order line and
disposition; an order line's quantities are recomputed from the submitted entries whenever one is
submitted or cancelled, so cancelling an entry is always reflected. Quantity rules are
``jxc_app.rules.stock_transfer``'s.

One concern a module:

- ``lifecycle``: the order itself — validation, status and progress, submit and cancel;
- ``permissions``: which orders a warehouse keeper sees and may act on (permission hooks);
- ``stock_entries``: building and submitting the order's Stock Entries, and how the order follows
  when one of them is submitted or cancelled (called from ``jxc_app.overrides.stock_entry``);
- ``api``: the whitelisted actions — dispatch, receive, resolve a shortage, close;
- ``in_transit``: the lines with goods in transit, as the 在途库存 report and the alerts read them;
- ``constants`` and ``errors``: the names and exceptions the others share.
"""

# kept for REST and integrators: /api/method/jxc_app.jxc_inventory.transfer.<fn> (canonical: transfer.api)
from jxc_app.jxc_inventory.transfer.api import close, dispatch, receive, resolve_shortage  # noqa: F401
