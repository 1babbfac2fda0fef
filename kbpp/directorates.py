"""Finding a directorate by what a user types: exact name, any case, or a unique part of it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kbpp.errors import NotFoundError
from kbpp.i18n import _
from kbpp.models import Directorate


def turkish_fold(text: str) -> str:
    """Lower-case the Turkish way (İ → i, I → ı) so “bilgi işlem” finds “Bilgi İşlem”."""
    return text.replace("İ", "i").replace("I", "ı").lower().strip()


def resolve_name(candidates: list[str], typed: str) -> str:
    """The one candidate the user meant, or NotFoundError saying what exists."""
    if typed in candidates:
        return typed
    folded = turkish_fold(typed)
    exact = [c for c in candidates if turkish_fold(c) == folded]
    if len(exact) == 1:
        return exact[0]
    partial = [c for c in candidates if folded and folded in turkish_fold(c)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise NotFoundError(
            _("“{typed}” matches several directorates: {names}. Type more of the name.").format(
                typed=typed, names="; ".join(partial)
            )
        )
    raise NotFoundError(
        _("There is no directorate “{typed}”. Known directorates: {names}.").format(
            typed=typed, names="; ".join(candidates) or "-"
        )
    )


def find_directorate(session: Session, typed: str) -> Directorate:
    directorates = list(session.scalars(select(Directorate).order_by(Directorate.position)))
    name = resolve_name([d.name for d in directorates], typed)
    return next(d for d in directorates if d.name == name)
