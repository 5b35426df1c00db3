"""Limits that hold when requests race ("never more than X").

A Frappe request's transaction usually holds a REPEATABLE READ snapshot before our code locks anything:
any read starts it (the session, a permission check, ``frappe.db.exists``). After ``FOR UPDATE`` on a
row has waited for another transaction, ordinary reads still answer from that older snapshot and miss
what the other transaction committed, so a check made on them lets both through.

The idiom, wherever a quantity or a state is checked before it is changed:

1. lock the parent row first (``locked_doc``, ``lock``): concurrent actions on it queue there;
2. re-read what the check depends on with locking reads, which see what is committed now:
   ``locked_doc`` (the document, its child tables too), ``frappe.db.get_value(..., for_update=True)``;
3. keep what a limit counts on the parent or its lines (a transfer line's dispatched quantity, a
   requisition line's ordered quantity), changed only under the parent's lock. Then the parent is all
   a check reads. Summing other documents' rows with a locking read instead would lock rows that
   concurrent requests hold while they wait for the parent (a deadlock), and take gap locks on their
   index that make actions on neighbouring documents deadlock.
"""

from collections.abc import Iterable

import frappe


def locked_doc(doctype: str, name: str, children: bool = True):
	"""The document with its row locked until this transaction ends, read by locking reads: what is
	committed now, not this transaction's snapshot. ``children``: its child tables too (as Frappe's
	own save reads them, ``get_doc(..., for_update=True)``); without, they are as of the snapshot,
	for documents whose checks read only the parent's fields (and whose child tables are long)."""
	if children:
		return frappe.get_doc(doctype, name, for_update=True)
	doc = frappe.get_doc(doctype, name)
	doc.update(frappe.db.get_value(doctype, name, "*", as_dict=True, for_update=True))
	return doc


def lock(doctype: str, names: Iterable[str]) -> list[str]:
	"""Lock these rows until this transaction ends, in name order (two transactions locking some of
	the same rows then queue instead of deadlocking). Returns the names that exist."""
	table = frappe.qb.DocType(doctype)
	locked = []
	for name in sorted({name for name in names if name}):
		if frappe.qb.from_(table).select(table.name).where(table.name == name).for_update().run():
			locked.append(name)
	return locked
