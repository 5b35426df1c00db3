// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

const PURCHASE_RETURN = "jxc_app.jxc_returns.purchase_return_actions";

frappe.ui.form.on("Purchase Return Request", {
	setup(frm) {
		frm.set_query("purchase_receipt", "items", () => ({
			filters: { supplier: frm.doc.supplier, company: frm.doc.company, docstatus: 1, is_return: 0 },
		}));
		frm.set_query("reason", () => ({ filters: { enabled: 1 } }));
		frm.set_query("reason", "items", () => ({ filters: { enabled: 1 } }));
	},
	refresh(frm) {
		if (frm.doc.docstatus !== 1) return;
		const status = frm.doc.status;
		const to_return = (frm.doc.items || []).some((row) => flt(row.returned_qty) < flt(row.qty));
		if (["To Return", "Partially Returned"].includes(status) && to_return) {
			frm.add_custom_button(__("Return Goods"), () =>
				run_action(frm, "make_returns", {}, __("Return the remaining goods to the supplier?"))
			).addClass("btn-primary");
		}
		const returned = (frm.doc.items || []).some((row) => flt(row.returned_qty) > 0);
		if (returned && !frm.doc.debit_note && ["Partially Returned", "Awaiting Replacement", "Completed"].includes(status)) {
			frm.add_custom_button(__("Debit Note"), () => run_action(frm, "make_debit_note"), __("Create"));
		}
		if (frm.doc.debit_note && !frm.doc.refund_entry && frm.doc.resolution === "Return and Refund") {
			frm.add_custom_button(__("Refund"), () => run_action(frm, "make_refund"), __("Create"));
		}
		if (frm.doc.resolution === "Exchange" && ["Partially Returned", "Awaiting Replacement"].includes(status)) {
			frm.add_custom_button(__("Replacement Receipt"), () =>
				frappe.call({
					method: `${PURCHASE_RETURN}.make_replacement_receipt`,
					args: { name: frm.doc.name },
					freeze: true,
					callback: (r) => r.message && frappe.set_route("Form", "Purchase Receipt", r.message),
				}), __("Create")
			);
		}
		if (!["Completed", "Closed", "Cancelled"].includes(status)) {
			frm.add_custom_button(__("Close"), () =>
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Close Reason"), reqd: 1 },
					(values) => run_action(frm, "close", { reason: values.reason }),
					__("Close")
				)
			);
		}
	},
});

function run_action(frm, method, args, confirm_message) {
	const call = () =>
		frappe.call({
			method: `${PURCHASE_RETURN}.${method}`,
			args: { name: frm.doc.name, ...(args || {}) },
			freeze: true,
			callback: () => frm.reload_doc(),
		});
	if (confirm_message) frappe.confirm(confirm_message, call);
	else call();
}
