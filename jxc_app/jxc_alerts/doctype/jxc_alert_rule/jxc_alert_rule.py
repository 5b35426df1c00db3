# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document

from jxc_app.jxc_alerts import rule_config


class JXCAlertRule(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from jxc_app.jxc_alerts.doctype.jxc_alert_rule_customer_group.jxc_alert_rule_customer_group import (
			JXCAlertRuleCustomerGroup,
		)
		from jxc_app.jxc_alerts.doctype.jxc_alert_rule_department.jxc_alert_rule_department import (
			JXCAlertRuleDepartment,
		)
		from jxc_app.jxc_alerts.doctype.jxc_alert_rule_item_group.jxc_alert_rule_item_group import (
			JXCAlertRuleItemGroup,
		)
		from jxc_app.jxc_alerts.doctype.jxc_alert_rule_role.jxc_alert_rule_role import JXCAlertRuleRole
		from jxc_app.jxc_alerts.doctype.jxc_alert_rule_user.jxc_alert_rule_user import JXCAlertRuleUser
		from jxc_app.jxc_alerts.doctype.jxc_alert_rule_warehouse.jxc_alert_rule_warehouse import (
			JXCAlertRuleWarehouse,
		)

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
		amount: DF.Currency
		channel_dingtalk: DF.Check
		channel_email: DF.Check
		channel_feishu: DF.Check
		channel_system: DF.Check
		channel_wecom: DF.Check
		company: DF.Link | None
		customer_groups: DF.TableMultiSelect[JXCAlertRuleCustomerGroup]
		days: DF.Int
		delivery: DF.Literal["Digest", "One per Alert"]
		departments: DF.TableMultiSelect[JXCAlertRuleDepartment]
		enabled: DF.Check
		item_groups: DF.TableMultiSelect[JXCAlertRuleItemGroup]
		last_run_on: DF.Datetime | None
		notify_keeper: DF.Check
		percent: DF.Percent
		quantity: DF.Float
		quiet_hours_end: DF.Data | None
		quiet_hours_start: DF.Data | None
		roles: DF.TableMultiSelect[JXCAlertRuleRole]
		run_times: DF.Data | None
		schedule: DF.Literal["At Set Times", "On Ledger Change"]
		severity: DF.Literal["Info", "Warning", "Critical"]
		title: DF.Data | None
		users: DF.TableMultiSelect[JXCAlertRuleUser]
		warehouses: DF.TableMultiSelect[JXCAlertRuleWarehouse]
		working_days_only: DF.Check
	# end: auto-generated types

	def validate(self):
		rule_config.validate_rule(self)
