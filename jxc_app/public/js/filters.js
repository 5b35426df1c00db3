// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt
//
// Filters several report and list scripts share. Loaded on every desk page (hooks: app_include_js),
// before any report or list script runs; functions, so labels and defaults are read when a script asks.

frappe.provide("jxc_app.filters");

// the company, required, the user's default first
jxc_app.filters.company = () => ({
	fieldname: "company",
	label: __("Company"),
	fieldtype: "Link",
	options: "Company",
	reqd: 1,
	default: frappe.defaults.get_user_default("Company"),
});

// the stock reports' filters (进销存汇总表, 出入库明细): company, period (this month so far),
// warehouses of that company, item group, item, brand
jxc_app.filters.stock = () => [
	jxc_app.filters.company(),
	{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", reqd: 1, default: frappe.datetime.month_start() },
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
];
