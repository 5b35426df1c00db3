"""Lint of the app itself: DocType JSON, hooks, patches, customizations, translations."""

import json
import re

import pytest

from jxc_app.setup.customizations import CUSTOM_FIELDS, ROLES, SEARCH_FIELD_ADDITIONS
from tests import appinfo

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9_]*$")
LINK_TYPES = {"Link", "Table", "Table MultiSelect"}
NON_DATA_TYPES = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading", "Fold"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def known_doctypes() -> set[str]:
	return set(appinfo.doctypes()) | set(appinfo.external_names()["doctypes"])


def known_roles() -> set[str]:
	return {role["role_name"] for role in ROLES} | set(appinfo.external_names()["roles"])


def test_app_has_the_standard_v15_shape():
	for required in (
		"setup.py",
		"README.md",
		"jxc_app/hooks.py",
		"jxc_app/modules.txt",
		"jxc_app/patches.txt",
	):
		assert (appinfo.REPO / required).is_file(), required
	hooks = appinfo.hooks()
	assert hooks["required_apps"] == ["erpnext"]
	assert hooks["export_python_type_annotations"] is True
	for module in appinfo.modules():
		assert (appinfo.APP / appinfo.scrub(module) / "__init__.py").is_file(), module


@pytest.mark.parametrize("path", appinfo.doctype_json_files(), ids=lambda p: p.stem)
def test_doctype_json_is_consistent(path):
	meta = json.loads(path.read_text(encoding="utf-8"))
	assert meta["doctype"] == "DocType"
	assert appinfo.scrub(meta["name"]) == path.stem
	assert meta["module"] in appinfo.modules()
	assert path.parent.parent.parent.name == appinfo.scrub(meta["module"])
	assert (path.parent / "__init__.py").is_file()

	controller = (path.parent / f"{path.stem}.py").read_text(encoding="utf-8")
	class_name = meta["name"].replace(" ", "").replace("-", "")
	assert f"class {class_name}(" in controller
	assert "# begin: auto-generated types" in controller

	fieldnames = [field["fieldname"] for field in meta["fields"]]
	assert len(fieldnames) == len(set(fieldnames)), "duplicate fieldnames"
	assert fieldnames == meta["field_order"]
	for field in meta["fields"]:
		assert SNAKE_CASE.match(field["fieldname"]), field["fieldname"]
		if field["fieldtype"] in LINK_TYPES:
			assert field.get("options") in known_doctypes(), f"{field['fieldname']} -> {field.get('options')}"
		if field["fieldtype"] not in NON_DATA_TYPES:
			assert field.get("label"), f"{field['fieldname']} has no label"

	if not meta.get("istable"):
		assert meta["permissions"], "a DocType without permissions is unreachable"
	for permission in meta["permissions"]:
		assert permission["role"] in known_roles(), permission["role"]


def test_every_module_folder_is_declared():
	declared = {appinfo.scrub(module) for module in appinfo.modules()}
	for path in appinfo.APP.glob("*/doctype"):
		assert path.parent.name in declared, path


@pytest.mark.parametrize("dotted", sorted(set(appinfo.dotted_paths(appinfo.hooks()))))
def test_hook_paths_resolve_to_functions(dotted):
	assert appinfo.function_defined(dotted), dotted


def test_hooks_doc_events_name_real_doctypes():
	for doctype in appinfo.hooks().get("doc_events", {}):
		assert doctype == "*" or doctype in known_doctypes(), doctype


@pytest.mark.parametrize("patch", appinfo.patches())
def test_patches_have_execute(patch):
	assert appinfo.function_defined(f"{patch}.execute"), patch


def test_fixtures_are_filtered():
	"""Custom fields, roles and workflows come from Python constants (setup/customizations.py);
	fixtures, where there are any, are filtered, and no fixture file ships without its filter."""
	fixtures = appinfo.hooks().get("fixtures")
	assert isinstance(fixtures, list), "hooks.fixtures must be a list"
	filtered = set()
	for fixture in fixtures:
		assert isinstance(fixture, dict) and fixture.get("filters"), f"unfiltered fixture {fixture}"
		filtered.add(appinfo.scrub(fixture.get("dt") or fixture.get("doctype")))
	shipped = {path.stem for path in (appinfo.APP / "fixtures").glob("*.json")}
	assert shipped <= filtered, f"fixture files without a filtered hooks entry: {sorted(shipped - filtered)}"


def test_custom_fields_are_prefixed_and_link_to_known_doctypes():
	for doctype, fields in CUSTOM_FIELDS.items():
		assert doctype in known_doctypes(), doctype
		for field in fields:
			assert field["fieldname"].startswith("jxc_"), field["fieldname"]
			assert SNAKE_CASE.match(field["fieldname"])
			assert field.get("label") and field.get("insert_after")
			if field["fieldtype"] in LINK_TYPES:
				assert field["options"] in known_doctypes()
	for doctype, additions in SEARCH_FIELD_ADDITIONS.items():
		ours = {field["fieldname"] for field in CUSTOM_FIELDS[doctype]}
		assert set(additions) <= ours, doctype


def test_every_shown_string_has_a_zh_translation():
	translations = appinfo.zh_translations()
	missing = sorted(message for message in appinfo.all_messages() if not translations.get(message))
	assert not missing, f"no zh translation for: {missing}"


def test_translations_are_chinese_and_keep_placeholders():
	for source, target in appinfo.zh_translations().items():
		assert CJK.search(target), f"{source!r} -> {target!r} is not Chinese"
		assert sorted(re.findall(r"\{\d*\}", source)) == sorted(re.findall(r"\{\d*\}", target)), source


def test_message_extraction_finds_strings_of_every_kind():
	# guards the translation test against a broken extractor that finds nothing
	assert "Pinyin Search Disabled" in appinfo.python_messages()
	assert "Refill Pinyin Initials" in appinfo.js_messages()
	assert "JXC Settings" in appinfo.doctype_messages()
	assert "Department Head" in appinfo.customization_messages()


INTEGRATION_HELPERS = {"conftest.py", "factories.py", "__init__.py"}


@pytest.mark.parametrize(
	"path",
	sorted(
		path
		for path in (appinfo.REPO / "tests" / "integration").glob("test_*.py")
		if path.name not in INTEGRATION_HELPERS
	),
	ids=lambda path: path.name,
)
def test_every_integration_test_file_has_a_smoke_test(path):
	"""CI runs only the smoke subset on the sites after the first: every capability's file must be in it."""
	assert "pytest.mark.smoke" in path.read_text(), f"{path.name}: tag a test @pytest.mark.smoke"
