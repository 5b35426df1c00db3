// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.query_reports["In Transit Stock"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{ fieldname: "from_warehouse", label: __("From Warehouse"), fieldtype: "Link", options: "Warehouse" },
		{ fieldname: "to_warehouse", label: __("To Warehouse"), fieldtype: "Link", options: "Warehouse" },
		{ fieldname: "item_code", label: __("Item"), fieldtype: "Link", options: "Item" },
		{ fieldname: "min_days", label: __("At Least Days in Transit"), fieldtype: "Int" },
		{ fieldname: "as_of", label: __("As Of"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "days_in_transit" && data && data.days_in_transit > 7) {
			value = `<span style="color: var(--red-500)">${value}</span>`;
		}
		return value;
	},
};
