"""Reads jxc_app's own files as data, without importing frappe (shared by the test tiers)."""

import ast
import csv
import json
import re
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "jxc_app"
EXTERNAL_NAMES_FILE = REPO / "tests" / "external_names.json"


def scrub(name: str) -> str:
	return name.replace(" ", "_").replace("-", "_").lower()


def modules() -> list[str]:
	return [line.strip() for line in (APP / "modules.txt").read_text().splitlines() if line.strip()]


def doctype_json_files() -> list[Path]:
	return sorted(path for path in APP.glob("*/doctype/*/*.json") if path.parent.name == path.stem)


@cache
def doctypes() -> dict[str, dict]:
	loaded = {}
	for path in doctype_json_files():
		meta = json.loads(path.read_text(encoding="utf-8"))
		loaded[meta["name"]] = meta
	return loaded


def report_json_files() -> list[Path]:
	return sorted(path for path in APP.glob("*/report/*/*.json") if path.parent.name == path.stem)


@cache
def external_names() -> dict[str, list[str]]:
	"""Frappe/ERPNext doctypes and roles we refer to; the integration tier checks them on a site."""
	return json.loads(EXTERNAL_NAMES_FILE.read_text(encoding="utf-8"))


@cache
def hooks() -> dict:
	namespace: dict = {}
	exec(compile((APP / "hooks.py").read_text(), "hooks.py", "exec"), namespace)
	return {key: value for key, value in namespace.items() if not key.startswith("__")}


def dotted_paths(value) -> list[str]:
	"""Every ``jxc_app.…`` string anywhere inside a hooks value."""
	if isinstance(value, str):
		return [value] if value.startswith("jxc_app.") else []
	if isinstance(value, dict):
		return [path for item in value.values() for path in dotted_paths(item)]
	if isinstance(value, list | tuple):
		return [path for item in value for path in dotted_paths(item)]
	return []


def function_defined(dotted: str) -> bool:
	"""True when ``pkg.module.func`` names a top-level def in our source (checked by parsing, not importing)."""
	module, _, func = dotted.rpartition(".")
	path = REPO / Path(*module.split("."))
	source = path.with_suffix(".py") if path.with_suffix(".py").exists() else path / "__init__.py"
	if not source.exists():
		return False
	tree = ast.parse(source.read_text(encoding="utf-8"))
	return any(
		isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == func for node in tree.body
	)


def patches() -> list[str]:
	lines = (APP / "patches.txt").read_text().splitlines()
	return [
		line.split("#")[0].strip()
		for line in lines
		if line.strip() and not line.strip().startswith(("#", "[")) and not line.startswith("execute:")
	]


# --- translatable strings -------------------------------------------------------------------

_PY_MESSAGE = re.compile(r"""(?<![\w.])_\(\s*(["'])(.+?)(?<!\\)\1""", re.S)
_JS_MESSAGE = re.compile(r"""__\(\s*(["'`])(.+?)(?<!\\)\1""", re.S)
_DOCTYPE_TEXT_KEYS = ("label", "description")


def python_messages() -> set[str]:
	found = set()
	for path in APP.rglob("*.py"):
		for match in _PY_MESSAGE.finditer(path.read_text(encoding="utf-8")):
			found.add(match.group(2))
	return found


def js_messages() -> set[str]:
	found = set()
	for path in APP.rglob("*.js"):
		for match in _JS_MESSAGE.finditer(path.read_text(encoding="utf-8")):
			found.add(match.group(2))
	return found


def doctype_messages() -> set[str]:
	found = set()
	for meta in doctypes().values():
		found.add(meta["name"])
		if meta.get("description"):
			found.add(meta["description"])
		for field in meta.get("fields", []):
			found.update(field[key] for key in _DOCTYPE_TEXT_KEYS if field.get(key))
			if field.get("fieldtype") == "Select":
				# symbols such as >= need no translation
				found.update(
					option
					for option in (field.get("options") or "").split("\n")
					if re.search(r"[A-Za-z]", option)
				)
	return found


def workspace_messages() -> set[str]:
	found = set()
	for path in APP.glob("*/workspace/*/*.json"):
		workspace = json.loads(path.read_text(encoding="utf-8"))
		found.update({workspace["label"], workspace["title"]})
		found.update(row["label"] for row in workspace["links"] + workspace["shortcuts"] if row.get("label"))
		for block in json.loads(workspace["content"]):
			if block["type"] == "header":
				found.add(re.sub(r"<[^>]+>", "", block["data"]["text"]).strip())
	return found


def role_messages() -> set[str]:
	"""Role names people see: our permission rows, and the roles the demo hands out."""
	from jxc_app.demo.data import USERS

	found = {row["role"] for meta in doctypes().values() for row in meta.get("permissions", [])}
	found.update(role for user in USERS for role in user[3])
	return found - {"All", "Guest"}


def customization_messages() -> set[str]:
	from jxc_app.setup.customizations import CUSTOM_FIELDS, ROLES

	found = {role["role_name"] for role in ROLES}
	for fields in CUSTOM_FIELDS.values():
		for field in fields:
			found.update(field[key] for key in _DOCTYPE_TEXT_KEYS if field.get(key))
	return found


def all_messages() -> set[str]:
	return (
		python_messages()
		| js_messages()
		| doctype_messages()
		| workspace_messages()
		| role_messages()
		| customization_messages()
		| set(modules())
	)


def zh_translations() -> dict[str, str]:
	with open(APP / "translations" / "zh.csv", encoding="utf-8", newline="") as handle:
		return {row[0]: row[1] for row in csv.reader(handle) if row}
