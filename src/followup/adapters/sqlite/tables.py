"""One declaration per table: which column holds which field of the model, and how a value
crosses between them. From it come the column list, the INSERT and UPDATE statements, the
parameters of a model and the model of a row, so no entity's CRUD is written out by hand.

Why not an ORM: the store's SQL is hand-tuned (covering indexes, range scans in the order
asked for, ``BEGIN IMMEDIATE`` and its busy budget) and the hot reads map thousands of rows
per command. SQLAlchemy Core would add ~60 ms of import to every command and a layer between
us and those statements; what is wanted here is only the mapping, and that is this module.

The row loader is generated once per table as plain Python source (as ``dataclasses`` makes
``__init__``): positional indexing and direct calls, the speed of a mapper written by hand,
without anyone writing it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

M = TypeVar("M")
Row = Sequence[Any]


class Column:
    """One field of the model. ``names``: its column (or columns, for a field stored in two,
    such as an instant and its zone); ``load`` turns the column values into the field's
    value (None: as stored); ``dump`` the field's value into the column value(s), a tuple
    when there are several (None: as it is); ``optional``: NULL is None both ways, and
    ``load``/``dump`` see only values; ``fixed``: set on insert, never by an update."""

    __slots__ = ("dump", "field", "fixed", "load", "names", "optional")

    def __init__(
        self,
        field: str,
        names: str | tuple[str, ...] | None = None,
        *,
        load: Callable[..., Any] | None = None,
        dump: Callable[[Any], Any] | None = None,
        optional: bool = False,
        fixed: bool = False,
    ) -> None:
        self.field = field
        self.names = (names,) if isinstance(names, str) else names or (field,)
        self.load = load
        self.dump = dump
        self.optional = optional
        self.fixed = fixed


class Table(Generic[M]):
    """A model's table: ``columns`` is the select list (``id`` first, then each field's
    columns, qualified by ``alias`` when given), ``row(r, *extra)`` the model of a row
    (``extra``: the fields named in ``extra``, kept elsewhere, such as an interview's
    panel), ``params(model)`` the
    insert parameters, ``update_params(model)`` the update's (``id`` last)."""

    def __init__(
        self,
        name: str,
        model: Callable[..., M],
        fields: Sequence[Column],
        *,
        alias: str | None = None,
        extra: Sequence[str] = (),
        on_update: str = "",
    ) -> None:
        self.name = name
        self._fields = tuple(fields)
        names = [n for f in self._fields for n in f.names]
        prefix = f"{alias}." if alias else ""
        self.columns = ", ".join(f"{prefix}{n}" for n in ("id", *names))
        self.width = 1 + len(names)  # how many columns a row of this table takes
        marks = ", ".join("?" for _ in names)
        self.insert_sql = f"INSERT INTO {name} ({', '.join(names)}) VALUES ({marks})"
        # ids chosen by the caller: many rows in one ``executemany`` (an import)
        self.insert_id_sql = f"INSERT INTO {name} (id, {', '.join(names)}) VALUES (?, {marks})"
        updated = [n for f in self._fields if not f.fixed for n in f.names]
        sets = ", ".join([f"{n} = ?" for n in updated] + ([on_update] if on_update else []))
        self.update_sql = f"UPDATE {name} SET {sets} WHERE id = ?"
        # Each generated on first use: compiling costs ~0.3 ms, and a command that reads
        # applications only should not pay it for every table.
        self._model = model
        self._extra = tuple(extra)
        self.row: Callable[..., M] = self._first_row
        self.params: Callable[[M], tuple[object, ...]] = self._first_params
        self.update_params: Callable[[M], tuple[object, ...]] = self._first_update_params

    def _first_row(self, *args: Any) -> M:
        self.row = _loader(self._model, self._fields, self._extra)
        return self.row(*args)

    def _first_params(self, model: M) -> tuple[object, ...]:
        self.params = _dumper(self._fields, fixed=True)
        return self.params(model)

    def _first_update_params(self, model: M) -> tuple[object, ...]:
        updates = _dumper(self._fields, fixed=False)
        self.update_params = lambda m: (*updates(m), m.id)  # type: ignore[attr-defined]
        return self.update_params(model)


def _loader(
    model: Callable[..., Any], fields: Sequence[Column], extra: tuple[str, ...]
) -> Callable[..., Any]:
    scope: dict[str, object] = {"Model": model}
    args = ["id=r[0]"]
    at = 1
    for n, f in enumerate(fields):
        cells = ", ".join(f"r[{at + i}]" for i in range(len(f.names)))
        at += len(f.names)
        if f.load is None:
            args.append(f"{f.field}={cells}")
        elif f.optional:
            scope[f"load{n}"] = f.load
            args.append(f"{f.field}=None if {cells} is None else load{n}({cells})")
        else:
            scope[f"load{n}"] = f.load
            args.append(f"{f.field}=load{n}({cells})")
    args += [f"{name}={name}" for name in extra]
    source = f"def row({', '.join(('r', *extra))}):\n    return Model({', '.join(args)})\n"
    exec(source, scope)
    loader = scope["row"]
    assert callable(loader)
    return loader


def _dumper(fields: Sequence[Column], *, fixed: bool) -> Callable[[Any], tuple[object, ...]]:
    scope: dict[str, object] = {}
    parts = []
    for n, f in enumerate(fields):
        if f.fixed and not fixed:
            continue
        if f.dump is None:
            parts.append(f"m.{f.field},")
        elif f.optional:
            scope[f"dump{n}"] = f.dump
            parts.append(f"None if m.{f.field} is None else dump{n}(m.{f.field}),")
        else:
            scope[f"dump{n}"] = f.dump
            parts.append(
                f"*dump{n}(m.{f.field})," if len(f.names) > 1 else f"dump{n}(m.{f.field}),"
            )
    source = f"def params(m):\n    return ({' '.join(parts)})\n"
    exec(source, scope)
    dumper = scope["params"]
    assert callable(dumper)
    return dumper
