// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt
// 报价跟进: "Add Follow Up" (添加跟进) on a saved quotation records a Quotation Follow Up; its next
// follow-up date becomes a reminder ToDo on the next working day (server side).

frappe.ui.form.on("Quotation", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.docstatus === 2) return;
		if (!frappe.model.can_create("Quotation Follow Up")) return;
		frm.add_custom_button(__("Add Follow Up"), () => follow_up_dialog(frm));
	},
});

function follow_up_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Add Follow Up"),
		fields: [
			{
				fieldname: "follow_up_date",
				fieldtype: "Date",
				label: __("Follow Up Date"),
				default: frappe.datetime.get_today(),
				reqd: 1,
			},
			{
				fieldname: "channel",
				fieldtype: "Select",
				label: __("Follow Up Channel"),
				options: [
					{ value: "Phone", label: __("Phone") },
					{ value: "WeChat", label: __("WeChat") },
					{ value: "On-site Visit", label: __("On-site Visit") },
					{ value: "Email", label: __("Email") },
					{ value: "Other", label: __("Other") },
				],
				default: "Phone",
				reqd: 1,
			},
			{ fieldname: "notes", fieldtype: "Small Text", label: __("Notes") },
			{ fieldname: "next_follow_up_date", fieldtype: "Date", label: __("Next Follow Up Date") },
		],
		primary_action_label: __("Save"),
		primary_action(values) {
			frappe.db
				.insert({ doctype: "Quotation Follow Up", quotation: frm.doc.name, ...values })
				.then((doc) => {
					dialog.hide();
					frappe.show_alert({
						message: __("Follow up {0} recorded", [doc.name]),
						indicator: "green",
					});
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}
