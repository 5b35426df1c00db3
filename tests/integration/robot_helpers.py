"""A local HTTP server standing in for the 企业微信 / 钉钉 / 飞书 group robots, and Approval Settings
pointing one robot of each platform at it (the approval and the alert channel tests share them)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import frappe

PLATFORMS = ("WeCom", "DingTalk", "Feishu")


class RobotHandler(BaseHTTPRequestHandler):
	"""Answers as the robots do and keeps (path with query, JSON payload) of every POST."""

	received: ClassVar[list] = []

	def do_POST(self):
		body = self.rfile.read(int(self.headers["Content-Length"]))
		RobotHandler.received.append((self.path, json.loads(body)))
		self.send_response(200)
		self.end_headers()
		self.wfile.write(b'{"errcode":0}')

	def log_message(self, *args):
		pass


def serve():
	"""The ``robot_server`` fixture (conftest): the server's base URL; what it received is
	``RobotHandler.received``."""
	server = HTTPServer(("127.0.0.1", 0), RobotHandler)
	threading.Thread(target=server.serve_forever, daemon=True).start()
	RobotHandler.received = []
	yield f"http://127.0.0.1:{server.server_port}"
	server.shutdown()


def configure_robots(url: str):
	"""Approval Settings with one enabled robot per platform at ``url``/<platform> (signed but WeCom)."""
	settings = frappe.get_single("Approval Settings")
	settings.set("webhooks", [])
	for platform in PLATFORMS:
		settings.append(
			"webhooks",
			{
				"platform": platform,
				"webhook_url": f"{url}/{platform}?k=1",
				"enabled": 1,
				"secret": "s3cret" if platform != "WeCom" else None,
			},
		)
	settings.save()
