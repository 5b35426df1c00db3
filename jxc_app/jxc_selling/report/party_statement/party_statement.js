// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.query_reports["Party Statement"] = {
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
			fieldname: "party_type",
			label: __("Party Type"),
			fieldtype: "Select",
			options: ["Customer", "Supplier"].map((value) => ({ value, label: __(value) })),
			default: "Customer",
			reqd: 1,
		},
		{
			fieldname: "party",
			label: __("Party"),
			fieldtype: "Dynamic Link",
			options: "party_type",
			get_options: () => frappe.query_report.get_filter_value("party_type"),
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			reqd: 1,
			default: frappe.datetime.month_start(),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			reqd: 1,
			default: frappe.datetime.get_today(),
		},
	],
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "voucher_type" && value) value = __(value);
		let formatted = default_formatter(value, row, column, data);
		if (column.fieldname === "voucher_no" && data && data.voucher_type && value) {
			formatted = `<a href="${frappe.utils.get_form_link(data.voucher_type, value)}">${formatted}</a>`;
		}
		return data && data.bold ? `<b>${formatted}</b>` : formatted;
	},
	onload(report) {
		report.page.add_inner_button(__("Email Statement"), () => {
			const filters = report.get_filter_values(true); // says which required filter is missing
			frappe.prompt(
				[
					{
						fieldname: "recipients",
						label: __("Recipients"),
						fieldtype: "Data",
						description: __("Leave empty to send it to the party's primary contact."),
					},
				],
				(values) => {
					frappe.call({
						method: "jxc_app.jxc_selling.statement.email_statement",
						type: "POST",
						args: { ...filters, recipients: values.recipients || null },
						freeze: true,
						callback: (r) => {
							if (r.message) {
								frappe.show_alert({
									message: __("Statement sent to {0}", [r.message.recipients.join(", ")]),
									indicator: "green",
								});
							}
						},
					});
				},
				__("Email Statement"),
				__("Send"),
			);
		});
		// every party of the type with entries in the period: a job on the long queue, its progress shown
		report.page.add_inner_button(__("Email Statements to All"), () => {
			const value = (fieldname) => frappe.query_report.get_filter_value(fieldname);
			const args = {
				company: value("company"),
				party_type: value("party_type"),
				from_date: value("from_date"),
				to_date: value("to_date"),
			};
			if (Object.values(args).some((given) => !given)) {
				frappe.msgprint(__("Choose the company, the party type and the period first."));
				return;
			}
			frappe.confirm(
				__("E-mail the statement of every {0} of {1} with entries from {2} to {3} to its primary contact?", [
					__(args.party_type),
					args.company,
					frappe.datetime.str_to_user(args.from_date),
					frappe.datetime.str_to_user(args.to_date),
				]),
				() => {
					frappe.call({
						method: "jxc_app.jxc_selling.statement.email_statements",
						type: "POST",
						args,
						freeze: true,
						callback: (r) => {
							if (r.message) {
								frappe.show_alert({
									message: __("E-mailing the statements of {0} parties in the background", [
										r.message.parties,
									]),
									indicator: "blue",
								});
							}
						},
					});
				},
			);
		});
	},
};
