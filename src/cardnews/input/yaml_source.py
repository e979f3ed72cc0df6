"""Safe YAML loading that remembers lines, so every message can say where."""

from __future__ import annotations

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from cardnews.errors import InputError

MAX_NODES = 100_000


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
            raise InputError(f"{where}: YAML tags such as !!python/… are not allowed (nothing in a file is ever run); remove the tag.") from None
        except yaml.MarkedYAMLError as exc:
            # An unclosed quote or bracket is noticed at the end of the file; point where it was opened.
            mark = exc.context_mark if exc.context_mark and "end of stream" in (exc.problem or "") else exc.problem_mark or exc.context_mark
            where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
            what = f"{exc.context}, {exc.problem}" if mark is exc.context_mark and exc.context else exc.problem or exc.context
            raise InputError(f"{where}: not valid YAML: {what}. Check the indentation and quotes there.") from None
        except yaml.YAMLError as exc:
            raise InputError(f"{file}: not valid YAML: {exc}") from None
        except RecursionError:
            raise InputError(f"{file}: nested too deeply to be a case or layout file; check the brackets.") from None
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
                raise InputError(f"{file}: nested too deeply to be a case or layout file; check the brackets.") from None

    def _walk(self, node, path: str) -> None:
        # Aliases (*name) can repeat a part exponentially ("billion laughs"); stop long before that hurts.
        self._visits += 1
        if self._visits > MAX_NODES:
            raise InputError(
                f"{self._file}:{node.start_mark.line + 1}: more than {MAX_NODES:,} values once its aliases (*name) are "
                "expanded; write the file out without repeating aliases."
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

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key, _ in node.value:
                where = f"{self.file}:{key.start_mark.line + 1}"
                if not isinstance(key, yaml.ScalarNode):
                    raise InputError(f"{where}:{key.start_mark.column + 1}: a key must be a plain name, not a list or mapping; write it as `name: value`.")
                if key.tag == "tag:yaml.org,2002:merge":
                    continue
                if key.value in seen:
                    raise InputError(
                        f"{where}: `{_shown(key.value)}` is set twice (first on line {seen[key.value]}); YAML would keep only the last. "
                        "Merge the two or remove one."
                    )
                seen[key.value] = key.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value):
            raise InputError(
                f"{self.file}:{node.start_mark.line + 1}: '{_shown(value)}' holds half of a UTF-16 pair (U+D800–U+DFFF), "
                "which is not a character; write the character itself."
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
