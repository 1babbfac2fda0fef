"""Reading a `kbpp-plan` file: JSON → typed document, every problem named by its JSON path.

Nothing here touches the database; the importer only ever sees a document that passed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from kbpp.errors import ValidationError
from kbpp.i18n import _, ngettext
from kbpp.planexchange.schema import PERIOD_RE, Item, PlanDocument, shown

DEFAULT_ECONOMIC_CODES = {f"{n:02d}" for n in range(1, 10)}
MAX_PROBLEMS_SHOWN = 50


@dataclass
class ReadResult:
    document: PlanDocument
    warnings: list[str] = field(default_factory=list)


def json_path(loc: Iterable[Any]) -> str:
    """`("programs", 0, "target")` → `programs[0].target`; odd keys are quoted."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).isidentifier():
            out += f".{part}" if out else str(part)
        else:
            out += f"[{json.dumps(str(part), ensure_ascii=False)}]"
    return out or "(document)"


def _reject_constant(name: str) -> Any:
    raise ValueError(_("{name} is not a number JSON allows").format(name=name))


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(_("the key “{key}” appears twice in one object").format(key=key))
        result[key] = value
    return result


def parse_json(data: bytes) -> Any:
    """Strict JSON: exact decimals, no NaN/Infinity, no duplicate keys."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("The file is not UTF-8 text (byte {pos} cannot be read).").format(pos=exc.start)
        ) from None
    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_reject_constant,
            object_pairs_hook=_no_duplicate_keys,
        )
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("The file is not valid JSON: {msg} at line {line}, column {col}.").format(
                msg=exc.msg, line=exc.lineno, col=exc.colno
            )
        ) from None
    except ValueError as exc:
        raise ValidationError(_("The file is not valid JSON: {msg}.").format(msg=exc)) from None
    except RecursionError:
        raise ValidationError(_("The file is nested too deeply to be a plan.")) from None


def _pydantic_message(err: Any) -> str:
    kind = err["type"]
    got = shown(err.get("input"))
    if kind == "kbpp":
        return str(err["ctx"]["message"])
    if kind == "missing":
        return _("required, but missing")
    if kind == "extra_forbidden":
        return _("unknown key; the format does not allow it here")
    if kind == "literal_error":
        return _("expected {expected}, got {got}").format(expected=err["ctx"]["expected"], got=got)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("expected an object, got {got}").format(got=got)
    return str(err["msg"])


def _unknown_key_warnings(node: Any, loc: tuple[Any, ...], out: list[str]) -> None:
    if isinstance(node, Item):
        for key in node.model_extra or {}:
            out.append(_("{path}: unknown key, ignored").format(path=json_path((*loc, key))))
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            _unknown_key_warnings(getattr(node, name), (*loc, name), out)
    elif isinstance(node, list):
        for i, child in enumerate(node):
            _unknown_key_warnings(child, (*loc, i), out)


def _cross_check(doc: PlanDocument) -> list[str]:
    """References and identities that field types alone cannot see."""
    problems: list[str] = []

    def dup(seen: dict[Any, str], key: Any, path: str, what: str) -> None:
        if key in seen:
            problems.append(
                _("{path}: {what} is already used at {other}").format(
                    path=path, what=what, other=seen[key]
                )
            )
        else:
            seen[key] = path

    aims: dict[Any, str] = {}
    for i, aim in enumerate(doc.aims):
        dup(aims, aim.code, f"aims[{i}].code", _("aim code “{c}”").format(c=aim.code))
    objectives: dict[Any, str] = {}
    for i, obj in enumerate(doc.objectives):
        path = f"objectives[{i}]"
        dup(objectives, obj.code, f"{path}.code", _("objective code “{c}”").format(c=obj.code))
        if obj.aim not in aims:
            problems.append(
                _("{path}.aim: unknown aim code “{code}”").format(path=path, code=obj.aim)
            )
    themes: dict[Any, str] = {}
    for i, theme in enumerate(doc.themes):
        dup(themes, theme.name, f"themes[{i}].name", _("theme “{n}”").format(n=theme.name))
        for j, code in enumerate(theme.aims):
            if code not in aims:
                problems.append(
                    _("{path}: unknown aim code “{code}”").format(
                        path=f"themes[{i}].aims[{j}]", code=code
                    )
                )
    directorates: dict[Any, str] = {}
    for i, d in enumerate(doc.directorates):
        dup(
            directorates, d.name, f"directorates[{i}].name", _("directorate “{n}”").format(n=d.name)
        )
    codes = set(doc.economic_codes or {}) or DEFAULT_ECONOMIC_CODES
    if doc.plan and doc.plan.start_year > doc.plan.end_year:
        problems.append(_("plan: the start year is after the end year"))
    years: dict[Any, str] = {}
    for p, program in enumerate(doc.programs):
        ppath = f"programs[{p}]"
        dup(years, program.year, f"{ppath}.year", _("program year {y}").format(y=program.year))
        if doc.plan and not doc.plan.start_year <= program.year <= doc.plan.end_year:
            problems.append(
                _("{path}.year: {year} is outside the plan period {start}-{end}").format(
                    path=ppath,
                    year=program.year,
                    start=doc.plan.start_year,
                    end=doc.plan.end_year,
                )
            )
        targets: dict[Any, str] = {}
        for d, pdir in enumerate(program.directorates):
            dpath = f"{ppath}.directorates[{d}]"
            if pdir.name not in directorates:
                problems.append(
                    _("{path}.name: “{name}” is not in the directorates list").format(
                        path=dpath, name=pdir.name
                    )
                )
            for t, target in enumerate(pdir.performance_targets):
                tpath = f"{dpath}.performance_targets[{t}]"
                dup(
                    targets,
                    (pdir.name, target.code),
                    f"{tpath}.code",
                    _("performance target “{c}” of {d}").format(c=target.code, d=pdir.name),
                )
                if target.objective not in objectives:
                    problems.append(
                        _("{path}.objective: unknown objective code “{code}”").format(
                            path=tpath, code=target.objective
                        )
                    )
                problems.extend(_check_indicators(target, tpath, program.year, directorates))
                problems.extend(_check_activities(target, tpath, program.year, codes, directorates))
    return problems


def _check_indicators(target: Any, tpath: str, year: int, directorates: dict) -> list[str]:
    problems: list[str] = []
    seen: dict[str, str] = {}
    for i, ind in enumerate(target.indicators):
        ipath = f"{tpath}.indicators[{i}]"
        if ind.code in seen:
            problems.append(
                _("{path}: indicator code “{code}” is already used at {other}").format(
                    path=f"{ipath}.code", code=ind.code, other=seen[ind.code]
                )
            )
        seen.setdefault(ind.code, f"{ipath}.code")
        periods: set[str] = set()
        for h, item in enumerate(ind.history):
            if item.period in periods:
                problems.append(
                    _("{path}: the period {period} appears twice").format(
                        path=f"{ipath}.history[{h}].period", period=item.period
                    )
                )
            periods.add(item.period)
        periods = set()
        for v, item in enumerate(ind.values):
            vpath = f"{ipath}.values[{v}].period"
            match = PERIOD_RE.match(item.period)
            assert match is not None  # the schema checked the form
            if int(match.group(1)) != year or (match.group(2) or "").startswith("H"):
                problems.append(
                    _(
                        "{path}: a value of program year {year} must be for {year}-Q1…{year}-Q4 "
                        "or {year}, got {period}"
                    ).format(path=vpath, year=year, period=item.period)
                )
            if item.period in periods:
                problems.append(
                    _("{path}: the period {period} appears twice").format(
                        path=vpath, period=item.period
                    )
                )
            periods.add(item.period)
        for j, name in enumerate(ind.partners):
            if name not in directorates:
                problems.append(
                    _("{path}: “{name}” is not in the directorates list").format(
                        path=f"{ipath}.partners[{j}]", name=name
                    )
                )
    return problems


def _check_activities(
    target: Any, tpath: str, year: int, codes: set[str], directorates: dict
) -> list[str]:
    problems: list[str] = []
    seen: dict[str, str] = {}
    for a, act in enumerate(target.activities):
        apath = f"{tpath}.activities[{a}]"
        if act.name in seen:
            problems.append(
                _("{path}: the activity name is already used at {other}").format(
                    path=f"{apath}.name", other=seen[act.name]
                )
            )
        seen.setdefault(act.name, f"{apath}.name")
        for key in act.budget:
            if key not in codes:
                problems.append(
                    _("{path}: “{key}” is not an economic code").format(
                        path=json_path((apath, "budget", key)), key=key
                    )
                )
        for key in act.spending:
            if key not in {f"{year}-Q{q}" for q in range(1, 5)}:
                problems.append(
                    _("{path}: spending is by quarter of {year} ({year}-Q1…{year}-Q4)").format(
                        path=json_path((apath, "spending", key)), year=year
                    )
                )
        if act.responsible is not None and act.responsible not in directorates:
            problems.append(
                _("{path}: “{name}” is not in the directorates list").format(
                    path=f"{apath}.responsible", name=act.responsible
                )
            )
    return problems


def read_plan_bytes(data: bytes) -> ReadResult:
    """Validate a whole file; raise ValidationError listing every problem, or return it typed."""
    raw = parse_json(data)
    if not isinstance(raw, dict):
        raise ValidationError(_("The file is not a kbpp-plan document (its top is not an object)."))
    try:
        doc = PlanDocument.model_validate(raw)
    except PydanticValidationError as exc:
        problems = [f"{json_path(e['loc'])}: {_pydantic_message(e)}" for e in exc.errors()]
        raise _invalid(problems) from None
    problems = _cross_check(doc)
    if problems:
        raise _invalid(problems)
    warnings: list[str] = []
    _unknown_key_warnings(doc, (), warnings)
    return ReadResult(doc, warnings)


def _invalid(problems: list[str]) -> ValidationError:
    return ValidationError(
        ngettext(
            "The plan file was refused; nothing was imported. {n} problem:",
            "The plan file was refused; nothing was imported. {n} problems:",
            len(problems),
        ).format(n=len(problems)),
        problems,
    )


def read_plan_file(path: Path) -> ReadResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(_("There is no file {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise ValidationError(_("{path} is a folder, not a plan file.").format(path=path)) from None
    except OSError as exc:
        raise ValidationError(
            _("{path} cannot be read: {reason}.").format(path=path, reason=exc.strerror)
        ) from None
    return read_plan_bytes(data)
