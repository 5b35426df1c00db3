// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.query_reports["Inventory Summary"] = {
	onload(report) {
		if (!frappe.user.has_role("Stock Manager") && !frappe.user.has_role("System Manager")) return;
		// after ledger rows were deleted outright: a background job (long queue) with progress
		report.page.add_inner_button(__("Rebuild Period Balances"), () => {
			const company = report.get_filter_value("company");
			if (!company) return frappe.msgprint(__("Choose the company first."));
			frappe.confirm(__("Rebuild the stock period balances of {0} from its whole ledger?", [company]), () =>
				frappe
					.xcall("jxc_app.jxc_reports.period_balance.rebuild_period_balances", { company })
					.then((job_id) =>
						frappe.show_alert({
							message: __("Queued: the period balances are rebuilt in the background (job {0}).", [job_id]),
							indicator: "blue",
						})
					)
			);
		});
	},
	filters: [
		...jxc_app.filters.stock(), // jxc_app/public/js/filters.js
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Item and Warehouse", "Item", "Item Group"],
			default: "Item and Warehouse",
		},
	],
};
