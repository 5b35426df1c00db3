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
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			reqd: 1,
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			reqd: 1,
			default: frappe.datetime.month_start(),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", reqd: 1, default: frappe.datetime.get_today() },
		{
			fieldname: "warehouse",
			label: __("Warehouse"),
			fieldtype: "MultiSelectList",
			options: "Warehouse",
			get_data: (txt) =>
				frappe.db.get_link_options("Warehouse", txt, { company: frappe.query_report.get_filter_value("company") }),
		},
		{ fieldname: "item_group", label: __("Item Group"), fieldtype: "Link", options: "Item Group" },
		{ fieldname: "item_code", label: __("Item"), fieldtype: "Link", options: "Item" },
		{ fieldname: "brand", label: __("Brand"), fieldtype: "Link", options: "Brand" },
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Item and Warehouse", "Item", "Item Group"],
			default: "Item and Warehouse",
		},
	],
};
