"""How the summary's dataclasses are written as JSON and read back from it, planned once per type.

metrics/summary_model.py declares the summary's parts as frozen dataclasses whose field order is
the JSON key order of docs/metrics.md; this module follows those fields' types to write a part as a
JSON object (dates ISO, tuples lists, a field marked INLINE written into its parent's object)
and to read one back, checking every key and type. It knows no summary field by name, so a new
part of the summary is a field added in its JSON place and nothing here changes.

The plan of each type is made once (a district's summary has hundreds of rows and alerts, and is
read back on every page's rerun).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast, get_args, get_origin, get_type_hints

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# Field metadata: the field's own fields are written into its parent's JSON object (the
# current window's four domains sit at the top of the summary, beside `window` and `scope`).
INLINE = "inline"

T = TypeVar("T")
Write = Callable[[Any], Any]
Read = Callable[[Any], Any]


def json_object(part: DataclassInstance) -> dict[str, Any]:
    """The JSON object of a dataclass: its fields in order, each written as its type says."""
    written: dict[str, Any] = {}
    for name, inline, write in _write_plan(type(part)):
        value = getattr(part, name)
        if inline:
            written.update(json_object(value))
        else:
            written[name] = value if write is None else write(value)
    return written


def decode_object(kind: type[T], value: object, where: str) -> T:
    """The `kind` dataclass of a JSON object; ValueError naming the place of a wrong key or
    value (`summary.disputes.new: 'x' is not an int`)."""
    try:
        decoded: T = _reader(cast("type[DataclassInstance]", kind))(value)
    except _Invalid as invalid:
        raise ValueError(f"{where}{invalid.place}: {invalid.problem}") from None
    return decoded


class _Invalid(ValueError):
    """A value that is not what its field's type says, with where it sits (filled in on the
    way out: `.disputes.new`, `.alerts[3]`)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.place = ""

    def at(self, place: str) -> _Invalid:
        self.place = place + self.place
        return self


@cache
def _write_plan(kind: type[DataclassInstance]) -> tuple[tuple[str, bool, Write | None], ...]:
    """Per field: its name, whether it is inlined, and how its value is written (None: as is)."""
    hints = _hints(kind)
    return tuple(
        (each.name, bool(each.metadata.get(INLINE)), _writer(hints[each.name]))
        for each in fields(kind)
    )


def _writer(hint: Any) -> Write | None:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        [inner] = [arg for arg in args if arg is not type(None)]
        write = _writer(inner)
        return None if write is None else lambda value: None if value is None else write(value)
    if origin is tuple:
        item = _writer(args[0])
        return list if item is None else lambda value: [item(each) for each in value]
    if origin is Mapping:
        return dict
    if isinstance(hint, type) and is_dataclass(hint):
        return json_object
    if hint is date:
        return date.isoformat
    return None


@cache
def _hints(kind: type) -> dict[str, Any]:
    return get_type_hints(kind)


@cache
def _keys(kind: type[DataclassInstance]) -> tuple[str, ...]:
    """The JSON keys of `kind`, inline fields' keys in their place."""
    keys: list[str] = []
    for each in fields(kind):
        if each.metadata.get(INLINE):
            keys += _keys(_hints(kind)[each.name])
        else:
            keys.append(each.name)
    return tuple(keys)


@cache
def _reader(hint: Any) -> Read:
    """How a JSON value of type `hint` is read: checked, and made the field's value."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        [inner] = [arg for arg in args if arg is not type(None)]
        read = _reader(inner)
        return lambda value: None if value is None else read(value)
    if origin is tuple:
        return _tuple_reader(_reader(args[0]))
    if origin is Mapping:
        return _mapping_reader(_reader(args[1]))
    if isinstance(hint, type) and is_dataclass(hint):
        return _object_reader(hint)
    return _SCALAR_READERS[hint]


def _object_reader(kind: type[DataclassInstance]) -> Read:
    expected = list(_keys(kind))
    hints = _hints(kind)
    plan = [
        (each.name, bool(each.metadata.get(INLINE)), _reader(hints[each.name]))
        for each in fields(kind)
    ]
    inline_readers = {name: _object_fields(hints[name]) for name, inline, _ in plan if inline}

    def read(value: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _Invalid(f"an object expected, not {type(value).__name__}")
        if list(value) != expected:
            raise _Invalid(f"keys {list(value)}, expected {expected}")
        return kind(**_read_fields(plan, inline_readers, value))

    return read


def _object_fields(kind: type[DataclassInstance]) -> Read:
    """Reads `kind` from the keys of its parent's object (an inline field)."""
    hints = _hints(kind)
    plan = [(each.name, False, _reader(hints[each.name])) for each in fields(kind)]
    return lambda value: kind(**_read_fields(plan, {}, value))


def _read_fields(
    plan: list[tuple[str, bool, Read]], inline_readers: dict[str, Read], value: Mapping[str, Any]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, inline, read in plan:
        if inline:
            values[name] = inline_readers[name](value)
            continue
        try:
            values[name] = read(value[name])
        except _Invalid as invalid:
            raise invalid.at(f".{name}") from None
    return values


def _tuple_reader(read: Read) -> Read:
    def read_list(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _Invalid(f"a list expected, not {type(value).__name__}")
        items = []
        for index, item in enumerate(value):
            try:
                items.append(read(item))
            except _Invalid as invalid:
                raise invalid.at(f"[{index}]") from None
        return tuple(items)

    return read_list


def _mapping_reader(read: Read) -> Read:
    def read_mapping(value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise _Invalid(f"an object expected, not {type(value).__name__}")
        items = {}
        for key, item in value.items():
            try:
                items[str(key)] = read(item)
            except _Invalid as invalid:
                raise invalid.at(f".{key}") from None
        return items

    return read_mapping


def _read_int(value: Any) -> int:
    if type(value) is not int:  # bool is an int to isinstance, not to JSON
        raise _Invalid(f"{value!r} is not an int")
    return value


def _read_float(value: Any) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise _Invalid(f"{value!r} is not a float")


def _read_str(value: Any) -> str:
    if type(value) is not str:
        raise _Invalid(f"{value!r} is not a str")
    return value


def _read_date(value: Any) -> date:
    if type(value) is not str:
        raise _Invalid(f"{value!r} is not a date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Invalid(f"{value!r} is not a date") from None


_SCALAR_READERS: dict[Any, Read] = {
    int: _read_int,
    float: _read_float,
    str: _read_str,
    date: _read_date,
}
