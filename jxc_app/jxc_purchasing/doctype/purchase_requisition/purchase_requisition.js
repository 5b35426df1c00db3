// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.ui.form.on("Purchase Requisition", {
	setup(frm) {
		frm.set_query("warehouse", "items", () => ({ filters: { company: frm.doc.company, is_group: 0 } }));
		frm.set_query("cost_center", () => ({ filters: { company: frm.doc.company, is_group: 0 } }));
		frm.set_query("expense_account", () => ({ filters: { company: frm.doc.company, is_group: 0 } }));
	},
	refresh(frm) {
		if (frm.doc.docstatus !== 1 || ["Closed", "Ordered"].includes(frm.doc.status)) return;
		frm.add_custom_button(
			__("Request for Quotation"),
			() =>
				frappe.model.open_mapped_doc({
					method: "jxc_app.jxc_purchasing.requisition.make_request_for_quotation",
					frm: frm,
				}),
			__("Create")
		);
		frm.add_custom_button(
			__("Supplier Quotation Comparison"),
			() =>
				frappe.model.open_mapped_doc({
					method: "jxc_app.jxc_purchasing.comparison.make_from_purchase_requisition",
					frm: frm,
				}),
			__("Create")
		);
		frm.add_custom_button(
			__("Purchase Order"),
			() =>
				frappe.model.open_mapped_doc({
					method: "jxc_app.jxc_purchasing.requisition.make_purchase_order",
					frm: frm,
				}),
			__("Create")
		);
		frm.add_custom_button(__("Close"), () =>
			frappe.prompt(
				{ fieldname: "reason", fieldtype: "Small Text", label: __("Close Reason"), reqd: 1 },
				(values) =>
					frappe
						.xcall("jxc_app.jxc_purchasing.requisition.close", { name: frm.doc.name, reason: values.reason })
						.then(() => frm.reload_doc()),
				__("Close")
			)
		);
	},
	required_by(frm) {
		(frm.doc.items || []).forEach((row) => {
			if (!row.schedule_date) frappe.model.set_value(row.doctype, row.name, "schedule_date", frm.doc.required_by);
		});
	},
});

frappe.ui.form.on("Purchase Requisition Item", {
	qty: (frm, cdt, cdn) => set_amount(cdt, cdn),
	estimated_rate: (frm, cdt, cdn) => set_amount(cdt, cdn),
});

function set_amount(cdt, cdn) {
	const row = locals[cdt][cdn];
	frappe.model.set_value(cdt, cdn, "amount", flt(row.qty) * flt(row.estimated_rate));
}
