// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.ui.form.on("Approval Rule", {
	setup(frm) {
		frm.set_query("reference_doctype", () => ({ filters: { is_submittable: 1, istable: 0 } }));
	},
	refresh(frm) {
		frm.trigger("set_field_options");
	},
	reference_doctype(frm) {
		frm.trigger("set_field_options");
	},
	set_field_options(frm) {
		if (!frm.doc.reference_doctype) return;
		frappe.model.with_doctype(frm.doc.reference_doctype, () => {
			const fields = frappe.get_meta(frm.doc.reference_doctype).fields.filter(
				(df) => !frappe.model.no_value_type.includes(df.fieldtype)
			);
			const option = (df) => ({ value: df.fieldname, label: `${__(df.label || df.fieldname)} (${df.fieldname})` });
			const amounts = fields.filter((df) => ["Currency", "Float", "Int"].includes(df.fieldtype)).map(option);
			const people = fields
				.filter((df) => df.fieldtype === "Link" && ["User", "Employee"].includes(df.options))
				.map(option);
			frm.set_df_property("amount_field", "options", amounts);
			frm.fields_dict.conditions.grid.update_docfield_property("fieldname", "options", fields.map(option));
			frm.fields_dict.steps.grid.update_docfield_property("document_field", "options", people);
		});
	},
});
