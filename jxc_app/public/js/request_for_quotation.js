// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

// 比价: compare the quotations received for a submitted RFQ
frappe.ui.form.on("Request for Quotation", {
	refresh(frm) {
		if (frm.doc.docstatus !== 1) return;
		frm.add_custom_button(
			__("Supplier Quotation Comparison"),
			() =>
				frappe.model.open_mapped_doc({
					method: "jxc_app.jxc_purchasing.comparison.make_from_request_for_quotation",
					frm: frm,
				}),
			__("Create")
		);
	},
});
