// 预警中心: open alerts by type × severity, by status, a trend of open alerts per day, and the newest
// open alerts with acknowledge / resolve.
frappe.pages["alert-center"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Alert Center"), single_column: true });
	wrapper.alert_center = new jxc.alerts.AlertCenter(page);
};

frappe.pages["alert-center"].on_page_show = function (wrapper) {
	wrapper.alert_center && wrapper.alert_center.refresh();
};

frappe.provide("jxc.alerts");

jxc.alerts.SEVERITIES = ["Critical", "Warning", "Info"];

jxc.alerts.AlertCenter = class AlertCenter {
	constructor(page) {
		this.page = page;
		this.$body = $(`<div class="jxc-alert-center">
			<div class="jxc-alert-status row mb-3"></div>
			<div class="jxc-alert-counts mb-4"></div>
			<h6 class="text-muted">${__("Open Alerts per Day")}</h6>
			<div class="jxc-alert-trend mb-4"></div>
			<h6 class="text-muted">${__("Newest Open Alerts")}</h6>
			<div class="jxc-alert-newest"></div>
		</div>`).appendTo(page.main);
		page.set_primary_action(__("Refresh"), () => this.refresh(), "refresh");
		page.add_inner_button(__("Alert List"), () => frappe.set_route("List", "JXC Alert"));
		page.add_inner_button(__("Alert Rules"), () => frappe.set_route("List", "JXC Alert Rule"));
	}

	refresh() {
		frappe.call({ method: jxc.alerts.API + "summary", type: "GET" }).then((r) => this.render_summary(r.message));
		frappe.call({ method: jxc.alerts.API + "trend", type: "GET", args: { days: 30 } }).then((r) =>
			this.render_trend(r.message)
		);
		frappe
			.call({
				method: "frappe.client.get_list",
				args: {
					doctype: "JXC Alert",
					fields: ["name", "alert_type", "severity", "status", "message", "last_seen"],
					filters: [["status", "in", ["New", "Acknowledged", "In Progress"]]],
					order_by: "last_seen desc",
					limit_page_length: 20,
				},
			})
			.then((r) => this.render_newest(r.message || []));
	}

	render_summary(data) {
		const statuses = ["New", "Acknowledged", "In Progress", "Ignored"];
		this.$body.find(".jxc-alert-status").html(
			statuses
				.map(
					(status) => `<div class="col-sm-3"><div class="jxc-alert-status-card border rounded p-3"
						data-status="${status}" style="cursor:pointer">
						<div class="text-muted">${__(status)}</div>
						<div class="h3 mb-0">${data.by_status[status] || 0}</div></div></div>`
				)
				.join("")
		);
		this.$body.find(".jxc-alert-status-card").on("click", (e) =>
			frappe.set_route("List", "JXC Alert", { status: $(e.currentTarget).data("status") })
		);
		const types = [...new Set(data.by_type.map((row) => row.alert_type))].sort();
		const count = (type, severity) =>
			(data.by_type.find((row) => row.alert_type === type && row.severity === severity) || {}).count || 0;
		const header = jxc.alerts.SEVERITIES.map((s) => `<th class="text-right">${__(s)}</th>`).join("");
		const rows = types
			.map(
				(type) => `<tr><td><a class="jxc-alert-type" data-type="${frappe.utils.escape_html(type)}">${__(type)}</a></td>
				${jxc.alerts.SEVERITIES.map((s) => `<td class="text-right">${count(type, s) || ""}</td>`).join("")}</tr>`
			)
			.join("");
		this.$body.find(".jxc-alert-counts").html(
			types.length
				? `<table class="table table-bordered jxc-alert-count-table"><thead><tr><th>${__("Alert Type")}</th>${header}</tr></thead><tbody>${rows}</tbody></table>`
				: `<div class="text-muted">${__("No open alerts.")}</div>`
		);
		this.$body.find(".jxc-alert-type").on("click", (e) =>
			frappe.set_route("List", "JXC Alert", {
				alert_type: $(e.currentTarget).data("type"),
				status: ["in", ["New", "Acknowledged", "In Progress"]],
			})
		);
	}

	render_trend(data) {
		const $trend = this.$body.find(".jxc-alert-trend").empty();
		this.chart = new frappe.Chart($trend[0], {
			data: data,
			type: "line",
			height: 220,
			colors: ["#e24c4c"],
			axisOptions: { xIsSeries: 1 },
			lineOptions: { regionFill: 1 },
		});
	}

	render_newest(alerts) {
		const $newest = this.$body.find(".jxc-alert-newest").empty();
		if (!alerts.length) {
			$newest.html(`<div class="text-muted">${__("No open alerts.")}</div>`);
			return;
		}
		const rows = alerts
			.map(
				(a) => `<tr data-name="${a.name}">
				<td><a href="/app/jxc-alert/${encodeURIComponent(a.name)}">${a.name}</a></td>
				<td>${__(a.alert_type)}</td><td>${__(a.severity)}</td><td class="jxc-alert-status-cell">${__(a.status)}</td>
				<td>${frappe.utils.escape_html(a.message || "")}</td>
				<td class="text-right">
					${a.status === "New" ? `<button class="btn btn-xs btn-default jxc-alert-ack">${__("Acknowledge")}</button>` : ""}
					<button class="btn btn-xs btn-default jxc-alert-resolve">${__("Resolve")}</button>
				</td></tr>`
			)
			.join("");
		$newest.html(`<table class="table table-sm jxc-alert-table"><tbody>${rows}</tbody></table>`);
		const name_of = (e) => $(e.currentTarget).closest("tr").data("name");
		$newest.find(".jxc-alert-ack").on("click", (e) =>
			jxc.alerts.call("acknowledge", { names: [name_of(e)] }, () => this.refresh())
		);
		$newest.find(".jxc-alert-resolve").on("click", (e) => jxc.alerts.resolve([name_of(e)], () => this.refresh()));
	}
};
