# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class JXCAlert(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		alert_rule: DF.Link | None
		alert_type: DF.Literal[
			"Low Stock",
			"Overstock",
			"Expiring Batch",
			"Expired Batch",
			"Slow Moving",
			"Receivable Overdue",
			"Payable Due",
			"Purchase Order Overdue",
			"Short Receipt",
			"Transit Overdue",
			"Approval Overdue",
			"Split Orders",
			"High Return Rate",
		]
		assigned_to: DF.Link | None
		batch_no: DF.Link | None
		company: DF.Link | None
		figures: DF.Code | None
		fingerprint: DF.Data | None
		first_seen: DF.Datetime | None
		item_code: DF.Link | None
		last_seen: DF.Datetime | None
		message: DF.SmallText | None
		notified_on: DF.Datetime | None
		party: DF.DynamicLink | None
		party_type: DF.Link | None
		resolved_on: DF.Datetime | None
		severity: DF.Literal["Info", "Warning", "Critical"]
		snoozed_until: DF.Date | None
		status: DF.Literal["New", "Acknowledged", "In Progress", "Resolved", "Ignored"]
		subject_doctype: DF.Link | None
		subject_key: DF.Data | None
		subject_name: DF.DynamicLink | None
		threshold: DF.Float
		value: DF.Float
		warehouse: DF.Link | None
	# end: auto-generated types

	def before_insert(self):
		# alerts come from the alert store (jxc_alerts/store.py), never by hand
		if not self.flags.from_alert_store:
			frappe.throw(
				_("Alerts are raised by alert rules; they cannot be created by hand."),
				title=_("Not Allowed"),
				exc=frappe.PermissionError,
			)

	def validate(self):
		# an alert changes through its actions (acknowledge, assign, resolve, ignore) only
		if not self.is_new() and not self.flags.alert_action:
			frappe.throw(
				_("Alerts change through their actions: acknowledge, assign, resolve or ignore."),
				title=_("Not Allowed"),
				exc=frappe.PermissionError,
			)


def on_doctype_update():
	frappe.db.add_index("JXC Alert", ["alert_type", "status"])
	frappe.db.add_index("JXC Alert", ["alert_rule", "status"])
