// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.query_reports["Stock Movement Detail"] = {
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
			fieldname: "business_type",
			label: __("Business Type"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				...[
					["purchase_in", "Purchase In"],
					["sales_return_in", "Sales Return In"],
					["transfer_in", "Transfer In"],
					["stocktake_gain", "Stocktake Gain"],
					["production_in", "Production In"],
					["other_in", "Other In"],
					["sales_out", "Sales Out"],
					["purchase_return_out", "Purchase Return Out"],
					["transfer_out", "Transfer Out"],
					["stocktake_loss", "Stocktake Loss"],
					["production_out", "Production Issue"],
					["other_out", "Other Out"],
					["opening_stock", "Opening Stock"],
					["revaluation", "Revaluation"],
				].map(([value, label]) => ({ value, label: __(label) })),
			],
		},
	],
};
