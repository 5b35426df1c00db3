# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document


class ApprovalSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from jxc_app.jxc_approvals.doctype.approval_webhook.approval_webhook import ApprovalWebhook

		webhooks: DF.Table[ApprovalWebhook]
	# end: auto-generated types

	pass
