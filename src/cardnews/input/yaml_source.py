"""Safe YAML loading that remembers lines, so every message can say where."""

from __future__ import annotations

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from cardnews.errors import InputError
from cardnews.i18n import N_, _

MAX_NODES = 100_000
MAX_DEPTH = 200  # a case or layout file is a few levels deep; hundreds of levels is a mistake, or an attack


class LocatedYaml:
    """Plain data from a YAML document (safe loader) plus the line where each key path starts.

    With `as_text`, every scalar is the text as typed (`2024.10`, `010`, `12:30`, `yes` stay so) and
    only an empty value is nothing: for case and brand files, where everything is text.
    """

    def __init__(self, text: str, file: str, as_text: bool = False):
        fast = _load_fast(text, file, as_text)
        if fast is not None:
            node, self.data = fast
            self._index(node, file)
            return
        loader = (_SlowTextLoader if as_text else _SlowLoader)(text)
        loader.file = file
        try:
            node = loader.get_single_node()
            self.data = loader.construct_document(node) if node is not None else None
        except yaml.constructor.ConstructorError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
            raise InputError(_("{where}: YAML tags such as !!python/… are not allowed (nothing in a file is ever run); remove the tag.").format(where=where)) from None
        except yaml.MarkedYAMLError as exc:
            # An unclosed quote or bracket is noticed at the end of the file; point where it was opened.
            mark = exc.context_mark if exc.context_mark and "end of stream" in (exc.problem or "") else exc.problem_mark or exc.context_mark
            where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
            what = _("{context}, {problem}").format(context=_yaml_words(exc.context), problem=_yaml_words(exc.problem)) if mark is exc.context_mark and exc.context else _yaml_words(exc.problem or exc.context)
            raise InputError(_("{where}: not valid YAML: {what}. Check the indentation and quotes there.").format(where=where, what=what)) from None
        except yaml.YAMLError as exc:
            raise InputError(_("{file}: not valid YAML: {exc}").format(file=file, exc=exc)) from None
        except RecursionError:
            raise InputError(_("{file}: nested too deeply to be a case or layout file; check the brackets.").format(file=file)) from None
        finally:
            loader.dispose()
        self._index(node, file)

    def _index(self, node, file: str) -> None:
        self.lines: dict[str, int] = {}
        self.spots: dict[str, tuple[int, int]] = {}  # (line, column), 1-based
        self._file, self._visits = file, 0
        if node is not None:
            try:
                self._walk(node, "")
            except RecursionError:
                raise InputError(_("{file}: nested too deeply to be a case or layout file; check the brackets.").format(file=file)) from None

    def _walk(self, node, path: str) -> None:
        # Aliases (*name) can repeat a part exponentially ("billion laughs"); stop long before that hurts.
        self._visits += 1
        if self._visits > MAX_NODES:
            raise InputError(
                _("{_file}:{0}: more than {MAX_NODES:,} values once its aliases (*name) are expanded; write the file out without repeating aliases.").format(node.start_mark.line + 1, _file=self._file, MAX_NODES=MAX_NODES)
            )
        self._mark(path, node)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}" if path else str(key.value)
                self._walk(value, child)
                self._mark(child, key)  # a key is found where it is written, not where its value starts
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                self._walk(value, f"{path}[{index}]")

    def _mark(self, path: str, node) -> None:
        self.lines[path] = node.start_mark.line + 1
        self.spots[path] = (node.start_mark.line + 1, node.start_mark.column + 1)

    def line(self, path: str) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rsplit(".", 1)[0] if "." in path else path.rsplit("[", 1)[0] if "[" in path else ""
        return self.lines.get("")


class _Checked:
    """What the safe loader lets through silently, refused with the line: a key written twice (YAML keeps
    the last), a list or mapping as a key, half of a UTF-16 pair (a "\\ud800" escape)."""

    file = ""
    _depth = 0

    def compose_node(self, parent, index):
        """Nodes nested deeper than MAX_DEPTH are refused, whatever the interpreter's recursion limit is."""
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise RecursionError(MAX_DEPTH)  # reported as "nested too deeply"
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key, _ignored in node.value:
                where = f"{self.file}:{key.start_mark.line + 1}"
                if not isinstance(key, yaml.ScalarNode):
                    raise InputError(_("{where}:{0}: a key must be a plain name, not a list or mapping; write it as `name: value`.").format(key.start_mark.column + 1, where=where))
                if key.tag == "tag:yaml.org,2002:merge":
                    continue
                if key.value in seen:
                    raise InputError(
                        _("{where}: `{0}` is set twice (first on line {1}); YAML would keep only the last. Merge the two or remove one.").format(_shown(key.value), seen[key.value], where=where)
                    )
                seen[key.value] = key.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value):
            raise InputError(
                _("{file}:{0}: '{1}' holds half of a UTF-16 pair (U+D800–U+DFFF), which is not a character; write the character itself.").format(node.start_mark.line + 1, _shown(value), file=self.file)
            )
        return value


def _shown(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")[:40]


def _typed_text(constructor, node):
    """A scalar YAML would read as a number, date, true/false or null, kept as typed; empty is nothing."""
    value = constructor.construct_scalar(node)
    return value if value != "" else None


_IMPLICIT = ("null", "bool", "int", "float", "timestamp")


class _SlowLoader(_Checked, yaml.SafeLoader):
    """The pure-Python safe loader, with the checks."""


class _SlowTextLoader(_SlowLoader):
    """The pure-Python safe loader, every scalar as text."""


class _EventsFromLibyaml(_Checked, Composer, SafeConstructor, Resolver):
    """The safe loader on libyaml's parser events: five times faster than the pure-Python scanner.

    Nodes are composed in Python, so deep nesting still stops at the recursion limit (libyaml's own
    composer would crash the process instead).
    """

    def __init__(self, text: str):
        from yaml.cyaml import CParser  # type: ignore[attr-defined]  # defined only when libyaml is built in

        self._parser = CParser(text)
        self.check_event, self.peek_event, self.get_event = self._parser.check_event, self._parser.peek_event, self._parser.get_event
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def dispose(self) -> None:
        self._parser.dispose()


class _TextEventsFromLibyaml(_EventsFromLibyaml):
    """libyaml's events, every scalar as text."""


for _tag in _IMPLICIT:
    for _loader in (_SlowTextLoader, _TextEventsFromLibyaml):
        _loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _typed_text)


def _load_fast(text: str, file: str = "", as_text: bool = False):
    """(node, data) by way of libyaml, or None when it is missing or anything goes wrong.

    On None the pure-Python loader reads the text again, so every message about a broken file stays as it was.
    """
    if not yaml.__with_libyaml__ or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    loader = (_TextEventsFromLibyaml if as_text else _EventsFromLibyaml)(text)
    loader.file = file
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return None
    finally:
        loader.dispose()


# PyYAML's most common words for what it found, so they read in the user's language; rarer ones stay as it says them.
_YAML_WORDS = {
    N_("while scanning a quoted scalar"), N_("found unexpected end of stream"), N_("while scanning a simple key"),
    N_("could not find expected ':'"), N_("mapping values are not allowed here"), N_("while parsing a block mapping"),
    N_("while parsing a block collection"), N_("while parsing a flow sequence"), N_("while parsing a flow mapping"),
    N_("while scanning for the next token"), N_("while parsing a block node"), N_("expected <block end>, but found '-'"),
    N_("expected <block end>, but found '<block mapping start>'"), N_("expected <block end>, but found '<scalar>'"),
    N_("did not find expected key"), N_("did not find expected '-' indicator"),
    N_("expected ',' or ']', but got '<stream end>'"), N_("expected ',' or '}', but got '<stream end>'"),
    N_("found character '\\t' that cannot start any token"),
}


def _yaml_words(text: str | None) -> str:
    return _(text) if text in _YAML_WORDS else text or ""
