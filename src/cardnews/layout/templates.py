"""Layout text templates: one sandboxed Jinja2 environment; case text is only ever data."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from cardnews.errors import LayoutError
from cardnews.i18n import _


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """Sandboxed (no attribute tricks, no file access) and strict (a typo is an error, not blank)."""
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)


@lru_cache(maxsize=512)
def _compile(source: str) -> jinja2.Template | str:
    """The template, or what is wrong with it: compiled once per text, wherever the layout repeats it."""
    try:
        return environment().from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        return exc.message or "syntax error"


def render_text(source: str, context: Mapping[str, Any], where: str) -> str:
    """Fill a layout's text template with the series data; errors name the layout file and line."""
    if "{" not in source:  # plain text, as most labels are: what the template would give
        return " ".join(source.split())
    template = _compile(source)
    if isinstance(template, str):
        raise LayoutError(_("{where}: template error: {template}. Check the {{{{ }}}} in this text.").format(where=where, template=template))
    try:
        return " ".join(template.render(context).split())
    except jinja2.UndefinedError as exc:
        raise LayoutError(_("{where}: template error: {message}. Fields are series.*, case.*, page, total.").format(where=where, message=exc.message)) from None
    except jinja2.exceptions.SecurityError as exc:
        raise LayoutError(_("{where}: template not allowed: {0}.").format(str(exc).rstrip('.'), where=where)) from None
    except Exception as exc:  # a template is user input: any failure in it is the layout's error
        raise LayoutError(_("{where}: template failed: {0}.").format(str(exc).rstrip('.'), where=where)) from None


@lru_cache(maxsize=512)
def template_fields(source: str) -> tuple[str, ...]:
    """The fields a template reads, in order, e.g. ('series.handle', 'series.organisation') or ('page', 'total')."""
    try:
        tree = environment().parse(source)
    except jinja2.TemplateSyntaxError:
        return ()
    fields = [f"{node.node.name}.{node.attr}" for node in tree.find_all(nodes.Getattr) if isinstance(node.node, nodes.Name)]
    fields += [node.name for node in tree.find_all(nodes.Name) if node.name in ("page", "total")]
    return tuple(dict.fromkeys(fields))
