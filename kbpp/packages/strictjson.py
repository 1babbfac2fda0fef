"""Strict, canonical JSON for package manifests and contents (RFC 8785).

A signed document must have exactly one byte form, so anything the canonical writer would not
produce (duplicate keys, floats, NaN, spacing, other key order) is refused, as are numbers longer
than 16 digits and nesting deeper than a real package needs.
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785

from kbpp.i18n import _

MAX_DEPTH = 32
MAX_INT_DIGITS = 16


class StrictJsonError(ValueError):
    """The bytes are not the canonical JSON a package must contain; str() says why."""


def _no_float(text: str) -> Any:
    raise StrictJsonError(
        _("a number with a fraction or exponent ({text}); decimals are texts").format(
            text=text[:20]
        )
    )


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise StrictJsonError(_("a number with more than {n} digits").format(n=MAX_INT_DIGITS))
    return int(text)


def _no_constant(name: str) -> Any:
    raise StrictJsonError(_("{name} is not a number JSON allows").format(name=name))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise StrictJsonError(_("the key “{key}” appears twice").format(key=key[:40]))
        result[key] = value
    return result


def _check_depth(value: Any) -> None:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise StrictJsonError(_("nested more than {n} levels deep").format(n=MAX_DEPTH))
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def loads(data: bytes) -> Any:
    """Parse canonical JSON or raise StrictJsonError with a short reason."""
    try:
        text = data.decode("utf-8")
        value = json.loads(
            text,
            parse_float=_no_float,
            parse_int=_bounded_int,
            parse_constant=_no_constant,
            object_pairs_hook=_no_duplicates,
        )
    except StrictJsonError:
        raise
    except UnicodeDecodeError:
        raise StrictJsonError(_("not UTF-8 text")) from None
    except RecursionError:
        raise StrictJsonError(_("nested too deeply")) from None
    except ValueError as exc:
        raise StrictJsonError(_("not valid JSON ({msg})").format(msg=str(exc)[:80])) from None
    _check_depth(value)
    if dumps(value) != data:
        raise StrictJsonError(_("not in canonical form (RFC 8785)"))
    return value


def dumps(value: Any) -> bytes:
    """The canonical bytes of a value made of dicts, lists, texts, small ints, bools and None."""
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, RecursionError, TypeError, ValueError) as exc:
        raise StrictJsonError(_("cannot be written canonically ({msg})").format(msg=exc)) from None
