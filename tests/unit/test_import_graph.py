"""jxc_app's import graph, read with ``ast`` (nothing is imported): no cycles, imports go one way
(capability → approvals → rules), and no function-level import without a reason written here.

Every import counts, at module level and inside functions; imports under ``if TYPE_CHECKING:``
(DocType controllers' generated type blocks) do not, as they never run."""

import ast
from dataclasses import dataclass
from functools import cache

from tests import appinfo

CAPABILITIES = tuple(
	f"jxc_app.{name}"
	for name in (
		"jxc_alerts",
		"jxc_approvals",
		"jxc_inventory",
		"jxc_purchasing",
		"jxc_reports",
		"jxc_selling",
	)
)

# Imports inside functions that stay there by design: (module, what it imports or a package of it) → why.
ALLOWED_FUNCTION_LEVEL_IMPORTS = {
	("jxc_app.commands", "jxc_app.demo.loader"): (
		"bench imports every app's commands at start-up, before a site is connected: a command loads "
		"the demo (and through it ERPNext's modules) only when it runs"
	),
	("jxc_app.commands", "benchmarks"): (
		"bench imports every app's commands at start-up: a benchmark (outside the product package) "
		"is loaded only when its command runs"
	),
}


@dataclass(frozen=True)
class Import:
	module: str  # the importing module
	target: str  # the module imported (for ``from a import b``: ``a.b`` when that is a module, else ``a``)
	line: int
	in_function: bool


def module_name(path) -> str:
	parts = list(path.relative_to(appinfo.REPO).with_suffix("").parts)
	if parts[-1] == "__init__":
		parts.pop()
	return ".".join(parts)


@cache
def module_paths() -> dict:
	return {module_name(path): path for path in sorted(appinfo.APP.rglob("*.py"))}


def is_type_checking(test: ast.expr) -> bool:
	return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
		isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
	)


def known_module(dotted: str) -> str:
	"""``dotted`` itself when it is a jxc_app module, else its longest prefix that is one (an attribute
	path such as ``jxc_app.utils.roles.require`` imports ``jxc_app.utils.roles``)."""
	parts = dotted.split(".")
	while parts:
		candidate = ".".join(parts)
		if candidate in module_paths():
			return candidate
		parts.pop()
	return dotted


def resolve(module: str, node: ast.ImportFrom) -> str:
	if not node.level:
		return node.module
	package = module.split(".")
	if module_paths()[module].name != "__init__.py":
		package.pop()
	package = package[: len(package) - (node.level - 1)]
	return ".".join([*package, node.module] if node.module else package)


def imports_of(module: str) -> list[Import]:
	tree = ast.parse(module_paths()[module].read_text(encoding="utf-8"))
	found = []

	def visit(node, in_function):
		if isinstance(node, ast.If) and is_type_checking(node.test):
			for child in node.orelse:
				visit(child, in_function)
			return
		if isinstance(node, ast.Import):
			for alias in node.names:
				found.append(Import(module, known_module(alias.name), node.lineno, in_function))
		elif isinstance(node, ast.ImportFrom):
			base = resolve(module, node)
			for alias in node.names:
				submodule = f"{base}.{alias.name}"
				target = submodule if submodule in module_paths() else known_module(base)
				found.append(Import(module, target, node.lineno, in_function))
		inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
		for child in ast.iter_child_nodes(node):
			visit(child, inside)

	visit(tree, False)
	return list(dict.fromkeys(found))  # one per module a statement imports


@cache
def all_imports() -> tuple[Import, ...]:
	return tuple(found for module in module_paths() for found in imports_of(module))


def internal_graph() -> dict[str, set[str]]:
	graph = {module: set() for module in module_paths()}
	for found in all_imports():
		if found.target in module_paths() and found.target != found.module:
			graph[found.module].add(found.target)
	return graph


def within(module: str, package: str) -> bool:
	return module == package or module.startswith(f"{package}.")


def where(found: Import) -> str:
	kind = "in a function" if found.in_function else "at module level"
	return f"{found.module}:{found.line} imports {found.target} ({kind})"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
	"""One cycle path (first module repeated at the end) per strongly connected group of modules."""
	index, low, stack, on_stack, groups = {}, {}, [], set(), []

	def connect(node):  # Tarjan
		index[node] = low[node] = len(index)
		stack.append(node)
		on_stack.add(node)
		for nxt in sorted(graph[node]):
			if nxt not in index:
				connect(nxt)
				low[node] = min(low[node], low[nxt])
			elif nxt in on_stack:
				low[node] = min(low[node], index[nxt])
		if low[node] == index[node]:
			group = set()
			while True:
				member = stack.pop()
				on_stack.discard(member)
				group.add(member)
				if member == node:
					break
			if len(group) > 1:
				groups.append(group)

	for node in sorted(graph):
		if node not in index:
			connect(node)

	paths = []
	for group in groups:
		start = min(group)
		# shortest way back to start inside the group
		previous, queue = {start: None}, [start]
		while queue:
			node = queue.pop(0)
			for nxt in sorted(graph[node] & group):
				if nxt == start:
					path = [node]
					while previous[path[-1]] is not None:
						path.append(previous[path[-1]])
					paths.append([*reversed(path), start])
					queue = []
					break
				if nxt not in previous:
					previous[nxt] = node
					queue.append(nxt)
	return paths


def test_the_graph_is_read():
	"""The check sees the app (guards against a walk that finds nothing and passes)."""
	assert "jxc_app.hooks" in module_paths()
	assert len(module_paths()) > 50
	commands = {found.target for found in all_imports() if found.module == "jxc_app.commands"}
	assert "jxc_app.demo.loader" in commands


def test_cycles_are_found():
	graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
	assert cycles(graph) == [["a", "b", "c", "a"]]
	assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
	found = cycles(internal_graph())
	assert not found, "import cycles:\n" + "\n".join(" → ".join(path) for path in found)


def test_rules_import_nothing_of_the_app_outside_rules():
	wrong = [
		where(found)
		for found in all_imports()
		if within(found.module, "jxc_app.rules")
		and within(found.target, "jxc_app")
		and not within(found.target, "jxc_app.rules")
	]
	assert not wrong, "\n".join(wrong)


def test_utils_compat_and_setup_import_no_capability():
	wrong = [
		where(found)
		for found in all_imports()
		if any(
			within(found.module, shared) for shared in ("jxc_app.utils", "jxc_app.compat", "jxc_app.setup")
		)
		and any(within(found.target, capability) for capability in CAPABILITIES)
	]
	assert not wrong, "\n".join(wrong)


def test_approvals_import_no_other_capability():
	wrong = [
		where(found)
		for found in all_imports()
		if within(found.module, "jxc_app.jxc_approvals")
		and any(
			within(found.target, capability)
			for capability in CAPABILITIES
			if capability != "jxc_app.jxc_approvals"
		)
	]
	assert not wrong, "\n".join(wrong)


def allowed(found: Import) -> bool:
	return any(
		found.module == module and within(found.target, target)
		for module, target in ALLOWED_FUNCTION_LEVEL_IMPORTS
	)


def test_function_level_imports_only_where_a_reason_allows_them():
	wrong = [where(found) for found in all_imports() if found.in_function and not allowed(found)]
	assert not wrong, (
		"import at module level, or add the import to ALLOWED_FUNCTION_LEVEL_IMPORTS with the reason "
		"(a real cycle, a bench command's start-up):\n" + "\n".join(wrong)
	)


def test_every_allowed_function_level_import_is_still_there():
	used = {
		(module, target)
		for module, target in ALLOWED_FUNCTION_LEVEL_IMPORTS
		if any(
			found.in_function and found.module == module and within(found.target, target)
			for found in all_imports()
		)
	}
	assert used == set(ALLOWED_FUNCTION_LEVEL_IMPORTS)
