// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

// 逾期: a submitted order still to receive after its required-by date shows red in the list;
// every other order keeps ERPNext's own indicator.
(function () {
	const settings = frappe.listview_settings["Purchase Order"] || {};
	const erpnext_indicator = settings.get_indicator;
	settings.add_fields = [...(settings.add_fields || []), "schedule_date", "per_received", "status"];
	settings.get_indicator = function (doc) {
		if (
			doc.docstatus === 1 &&
			!["Closed", "Completed", "On Hold", "Delivered"].includes(doc.status) &&
			flt(doc.per_received) < 100 &&
			doc.schedule_date &&
			doc.schedule_date < frappe.datetime.get_today()
		) {
			return [__("Overdue"), "red", "docstatus,=,1|per_received,<,100|schedule_date,<,Today"];
		}
		return erpnext_indicator ? erpnext_indicator(doc) : undefined;
	};
	frappe.listview_settings["Purchase Order"] = settings;
})();
