"""No outside text reaches a markdown element unescaped: a scan of every Streamlit call in app.py, ui/ and pages/.

Streamlit renders as markdown the bodies of text elements, alerts and toasts, widget labels, `help=`
tooltips, metric values and deltas, progress texts, tab labels, page titles, and the options of radio,
pills, segmented controls and select sliders. Each of those arguments must be built so that a value
from a workbook, a URL or a typed name cannot carry markdown: a literal, a catalogue text without
values (`t(key, lang)`), or the output of the escaping helpers of `ui/markdown.py` (`md`, `plain`,
`strong`, `tr`), or a mix of those in an f-string, `+`, `or` or `… if … else …`. A name counts when
every assignment to it in its function does; a parameter counts when it is annotated `Markdown`, and
then every call of that function is held to the same rule for it; a call counts when its function is
annotated `-> Markdown` (and that function's own returns are what the helpers made).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([ROOT / "app.py", *(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")])

# Method name -> (positions, keywords) of the arguments Streamlit reads as markdown.
BODY = ((0,), ("body",))
LABEL = ((0,), ("label",))
MARKDOWN_ARGUMENTS = {
    **dict.fromkeys(("markdown", "caption", "title", "header", "subheader", "toast"), BODY),
    **dict.fromkeys(("info", "warning", "error", "success", "exception"), BODY),
    **dict.fromkeys(
        (
            "button",
            "download_button",
            "form_submit_button",
            "link_button",
            "checkbox",
            "toggle",
            "radio",
            "selectbox",
            "multiselect",
            "text_input",
            "text_area",
            "number_input",
            "slider",
            "select_slider",
            "file_uploader",
            "date_input",
            "time_input",
            "color_picker",
            "segmented_control",
            "pills",
            "expander",
            "popover",
            "status",
            "camera_input",
            "audio_input",
            "chat_input",
        ),
        LABEL,
    ),
    "metric": ((0, 1), ("label", "value", "delta")),
    "progress": ((1,), ("text",)),
    "page_link": ((), ("label",)),
    "Page": ((), ("title",)),
    "tabs": ((0,), ("tabs",)),
    "update": ((), ("label",)),  # st.status(...).update(label=...)
}
MARKDOWN_OPTIONS = {"radio", "segmented_control", "pills", "select_slider"}  # their options are markdown too
ALWAYS = ("help",)  # a tooltip is markdown on every widget
HELPERS = {"md", "plain", "strong", "tr", "escape_markdown", "Markdown"}
ALERTS = {"info", "warning", "error", "success", "exception"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    call: str
    argument: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}(… {self.argument} …) may carry outside text unescaped"


class Scope:
    """What a function (or the module) assigns to each name, and which parameters are marked Markdown."""

    def __init__(self, node: ast.AST, parent: Scope | None, makers: frozenset = frozenset()):
        self.parent = parent
        self.makers = parent.makers if parent else makers  # functions of ours that return Markdown
        self.assigned: dict[str, list[ast.AST | None]] = {}
        self.trusted_parameters: set[str] = set()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = node.args
            for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                if _is_markdown_annotation(getattr(argument, "annotation", None)):
                    self.trusted_parameters.add(argument.arg)
                else:
                    self.assigned.setdefault(argument.arg, []).append(None)  # whatever a caller passes
            for extra in (arguments.vararg, arguments.kwarg):
                if extra is not None:
                    self.assigned.setdefault(extra.arg, []).append(None)
        body = node.body if isinstance(node.body, list) else []
        for statement in body:
            for child in _walk_own(statement):
                self._record(child)

    def _record(self, node: ast.AST) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._target(target, node.value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            self._target(node.target, node.value if isinstance(node, ast.AnnAssign) else None)
        elif isinstance(node, ast.NamedExpr):
            self._target(node.target, node.value)
        elif isinstance(node, (ast.For, ast.comprehension)):
            self._target(node.target, None)
        elif isinstance(node, (ast.With,)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._target(item.optional_vars, None)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                self.assigned.setdefault((alias.asname or alias.name).split(".")[0], []).append(None)

    def _target(self, target: ast.AST, value: ast.AST | None) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._target(element, None)

    def values(self, name: str) -> tuple[bool, list[ast.AST | None]] | None:
        if name in self.trusted_parameters:
            return True, []
        if name in self.assigned:
            return False, self.assigned[name]
        return self.parent.values(name) if self.parent else None


def _walk_own(node: ast.AST):
    """The nodes of a statement, without going into nested functions, lambdas or classes."""
    yield node
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            yield from _walk_own(child)


def _is_markdown_annotation(annotation) -> bool:
    if annotation is None:
        return False
    text = ast.unparse(annotation)
    return text in ("Markdown", "'Markdown'", '"Markdown"')


def _name(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def is_safe(node: ast.AST | None, scope: Scope, seen: frozenset = frozenset()) -> bool:
    """Whether an expression can only hold our words and escaped values."""
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(is_safe(part.value, scope, seen) for part in node.values if isinstance(part, ast.FormattedValue))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return is_safe(node.left, scope, seen) and is_safe(node.right, scope, seen)
    if isinstance(node, ast.BoolOp):
        return all(is_safe(value, scope, seen) for value in node.values)
    if isinstance(node, ast.IfExp):
        return is_safe(node.body, scope, seen) and is_safe(node.orelse, scope, seen)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(is_safe(element, scope, seen) for element in node.elts)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in HELPERS or name in scope.makers:
            return True
        if name == "t":  # a catalogue text with no values in it
            return len(node.args) <= 2 and not node.keywords
        return False
    if isinstance(node, ast.Name):
        if node.id in seen:
            return True  # a loop of assignments adds nothing unsafe by itself
        found = scope.values(node.id)
        if found is None:
            return False
        trusted, values = found
        return trusted or (bool(values) and all(is_safe(v, scope, seen | {node.id}) for v in values))
    return False


def _format_func_is_safe(node: ast.AST, scope: Scope) -> bool:
    if isinstance(node, ast.Lambda):
        return is_safe(node.body, Scope(node, scope))
    # a catalogue of ours looked up, e.g. LANGUAGE_NAMES.get
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id.isupper()


def _receiver(call: ast.Call) -> str:
    return ast.unparse(call.func.value) if isinstance(call.func, ast.Attribute) else ""


def _markdown_arguments(call: ast.Call):
    """(what, expression) for each argument of a call that Streamlit renders as markdown."""
    name = _name(call.func)
    if (
        isinstance(call.func, ast.Call)
        and _name(call.func.func) == "getattr"
        and call.func.args
        and ast.unparse(call.func.args[0]) == "st"
    ):  # getattr(st, kind)(text): an alert chosen at run time
        for index, argument in enumerate(call.args[:1]):
            yield f"argument {index}", argument
        return
    if name in ALERTS and "log" in _receiver(call).lower():
        return  # the server's log, not the page
    if call.args and isinstance(call.args[0], ast.Name) and call.args[0].id == "lang":
        return  # our own objects' words in a language (programme.title(lang)); no Streamlit element starts so
    if name == "write" and _receiver(call) in ("st", "st.sidebar"):
        for index, argument in enumerate(call.args):
            yield f"argument {index}", argument
    for keyword in call.keywords:
        if keyword.arg in ALWAYS:
            yield f"{keyword.arg}=", keyword.value
    if name not in MARKDOWN_ARGUMENTS:
        return
    positions, keywords = MARKDOWN_ARGUMENTS[name]
    if name == "update" and not any(k.arg == "label" for k in call.keywords):
        return
    for position in positions:
        if position < len(call.args):
            yield f"argument {position}", call.args[position]
    for keyword in call.keywords:
        if keyword.arg in keywords:
            yield f"{keyword.arg}=", keyword.value
    if name in MARKDOWN_OPTIONS:
        for keyword in call.keywords:
            if keyword.arg == "format_func":
                yield "format_func=", keyword


def _trusted_signatures(trees: dict[Path, ast.Module]) -> dict[str, list[tuple[int, str]]]:
    """Functions of ours with parameters annotated Markdown: name -> [(position, parameter name)]."""
    found: dict[str, list[tuple[int, str]]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                arguments = [*node.args.posonlyargs, *node.args.args]
                for position, argument in enumerate(arguments):
                    if _is_markdown_annotation(argument.annotation):
                        found.setdefault(node.name, []).append((position, argument.arg))
                for argument in node.args.kwonlyargs:
                    if _is_markdown_annotation(argument.annotation):
                        found.setdefault(node.name, []).append((-1, argument.arg))
    return found


def _markdown_makers(trees: dict[Path, ast.Module]) -> set[str]:
    """Functions of ours that say they return Markdown (`-> Markdown`)."""
    return {
        node.name
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_markdown_annotation(node.returns)
    }


def scan(sources: list[Path]) -> list[Finding]:
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for path in sources}
    signatures = _trusted_signatures(trees)
    makers = _markdown_makers(trees)
    findings = []
    for path, tree in trees.items():
        shown = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)

        def visit(node: ast.AST, scope: Scope, shown: str = shown) -> None:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                scope = Scope(node, scope)
            returns_markdown = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name not in HELPERS
            if returns_markdown and _is_markdown_annotation(node.returns):  # the helpers are where escaping is done
                for statement in node.body:
                    for child in _walk_own(statement):
                        if isinstance(child, ast.Return) and not is_safe(child.value, scope):
                            findings.append(Finding(shown, child.lineno, f"return of {node.name}", "-> Markdown"))
            if isinstance(node, ast.Call):
                for what, argument in _markdown_arguments(node):
                    safe = (
                        _format_func_is_safe(argument.value, scope)
                        if isinstance(argument, ast.keyword)
                        else is_safe(argument, scope)
                    )
                    if not safe:
                        findings.append(Finding(shown, node.lineno, ast.unparse(node.func), what))
                for position, parameter in signatures.get(_name(node.func) or "", []):
                    given = [k.value for k in node.keywords if k.arg == parameter]
                    if 0 <= position < len(node.args) and not isinstance(node.func, ast.Attribute):
                        given.append(node.args[position])
                    elif 0 <= position and isinstance(node.func, ast.Attribute):
                        offset = position - 1 if _receiver(node) in ("self", "cls") else position
                        if 0 <= offset < len(node.args):
                            given.append(node.args[offset])
                    for argument in given:
                        if not is_safe(argument, scope):
                            findings.append(Finding(shown, node.lineno, ast.unparse(node.func), parameter))
            for child in ast.iter_child_nodes(node):
                visit(child, scope, shown)

        visit(tree, Scope(tree, None, frozenset(makers)))
    return findings


def test_no_streamlit_call_renders_outside_text_as_markdown():
    findings = scan(SOURCES)
    assert not findings, "\n".join(map(str, findings))


# --- the scan itself finds what it should ---------------------------------------------------------------


def _scan_text(tmp_path, text: str) -> list[Finding]:
    source = tmp_path / "page.py"
    source.write_text(text, encoding="utf-8")
    return scan([source])


@pytest.mark.parametrize(
    "line",
    [
        'st.warning(t("compare.unknown", lang, asked=st.query_params.get("a")))',
        "st.toast(message)",
        'st.caption(f"**A** · {side_label(result, lang)}")',
        "st.selectbox(choice.label(lang), options)",
        'st.button(t("x", lang), help=view.file_name)',
        "column.metric(label, value)",
        'st.radio("Pick", options, format_func=lambda k: found[k].label(lang))',
        "getattr(st, kind)(text)",
        "st.expander(name)",
        'st.page_link("pages/x.py", label=title)',
        "st.tabs([title, 'B'])",
        "st.progress(0.5, text=card.text)",
    ],
)
def test_the_scan_flags_a_value_that_did_not_pass_the_helper(tmp_path, line):
    text = f"import streamlit as st\nfrom jwp_data.i18n import t\n\ndef page(lang, message, name, options, label, value, kind, text, title, view, choice, card, found, result):\n    {line}\n"
    findings = _scan_text(tmp_path, text)
    assert findings and {f.line for f in findings} == {5}


@pytest.mark.parametrize(
    "line",
    [
        'st.warning(md("compare.unknown", lang, asked=st.query_params.get("a")))',
        'st.caption(f"**A** · {plain(side_label(result, lang))}")',
        'st.title(t("dash.page.compare", lang))',
        'st.caption(tr("compare.side", id=programme_id))',
        "st.markdown(strong(name) + ' ' + plain(name))",
        'st.radio("Pick", options, format_func=lambda k: plain(found[k].label(lang)))',
        'st.info(plain(name) or t("x", lang))',
    ],
)
def test_the_scan_passes_what_went_through_the_helper(tmp_path, line):
    text = f"import streamlit as st\nfrom jwp_data.i18n import t\n\ndef page(lang, name, options, result, found, programme_id):\n    {line}\n"
    assert _scan_text(tmp_path, text) == []


def test_the_scan_follows_names_and_markdown_parameters(tmp_path):
    text = """import streamlit as st
from ui.markdown import Markdown, md, plain

def box(label: Markdown, other):
    st.expander(label)
    st.expander(other)

def page(lang, name):
    ready = md("x", lang, name=name)
    st.toast(ready)
    raw = name
    st.toast(raw)
    box(plain(name), "x")
    box(name, "x")
    box(label=name, other="x")
"""
    found = sorted((f.line, f.argument) for f in _scan_text(tmp_path, text))
    assert found == [(6, "argument 0"), (12, "argument 0"), (14, "label"), (15, "label")]


def test_a_function_that_says_it_returns_markdown_is_held_to_it(tmp_path):
    text = """import streamlit as st
from ui.markdown import Markdown, md

def ready(lang, name) -> Markdown:
    return md("x", lang, name=name)

def raw(name) -> Markdown:
    return name

def page(lang, name):
    st.toast(ready(lang, name))
    st.toast(raw(name))
"""
    assert [(f.line, f.call) for f in _scan_text(tmp_path, text)] == [(8, "return of raw")]


def test_the_log_is_not_the_page(tmp_path):
    text = 'import logging\n_log = logging.getLogger()\n\ndef f(x):\n    _log.warning("%s", x)\n'
    assert _scan_text(tmp_path, text) == []
