"""Translations: gettext with Babel catalogues, Turkish by default, switchable at run time.

Source strings are English and wrapped in ``_()``; ``N_()`` only marks a module-level constant
for extraction (translate it with ``_()`` where it is shown). Placeholders use ``str.format``
names, e.g. ``_("There is no program year {year}.").format(year=year)``.

After adding or changing strings, update the catalogues from the project root::

    .venv/bin/pybabel extract -F babel.cfg -k N_ -o translations/kbpp.pot kbpp
    .venv/bin/pybabel update -i translations/kbpp.pot -d translations -D kbpp

(``.venv/bin/python translations/update.py`` runs both and lists what Turkish still lacks.)
Then translate the empty and fuzzy entries in ``translations/tr/LC_MESSAGES/kbpp.po``;
tests/test_i18n.py fails while any Turkish translation is missing.

No compiled .mo files are kept in the project: a .po file is compiled when first needed and
the result cached in the user's data folder under the .po file's SHA-256, so the catalogue that
is read is always the one that was reviewed, and a start does not spend 0.1 s compiling it.

The English UI uses the en_GB locale: same digits as en_US, but day-first dates and a
24-hour clock, which is what Turkish users (and official documents) expect; a month-first
03/04/2021 would be misread.
"""

from __future__ import annotations

import gettext
import hashlib
import logging
import os
import sys
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from kbpp.paths import cache_dir, replaced_atomically

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "N_",
    "_",
    "available_languages",
    "current_language",
    "current_locale",
    "ngettext",
    "on_language_changed",
    "pgettext",
    "pseudo_translation",
    "reload_catalogues",
    "set_language",
    "set_pseudo_translation",
    "translations_dir",
]

log = logging.getLogger(__name__)

DOMAIN = "kbpp"
DEFAULT_LANGUAGE = "tr"
TRANSLATIONS_ENV = "KBPP_TRANSLATIONS"
PSEUDO_ENV = "KBPP_PSEUDO"
PSEUDO_GROWTH = 0.4  # German and Turkish run up to 40 % longer than English

# code → (native name, Babel locale used for numbers and dates)
_LANGUAGES: dict[str, tuple[str, str]] = {
    "tr": ("Türkçe", "tr_TR"),
    "en": ("English", "en_GB"),
}

LanguageListener = Callable[[str], None]

_cache: dict[tuple[Path, str], gettext.NullTranslations] = {}
_current: str = DEFAULT_LANGUAGE
_active: gettext.NullTranslations = gettext.NullTranslations()
_listeners: list[LanguageListener] = []
_pseudo: bool = os.environ.get(PSEUDO_ENV, "") not in ("", "0")


def translations_dir() -> Path:
    """Where the catalogues are: $KBPP_TRANSLATIONS, the PyInstaller bundle, or the source tree."""
    override = os.environ.get(TRANSLATIONS_ENV)
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "translations"
    return Path(__file__).resolve().parent.parent / "translations"


def _load(language: str) -> gettext.NullTranslations:
    """Compile <dir>/<lang>/LC_MESSAGES/kbpp.po in memory; English source strings if that fails.

    A missing or broken catalogue must never stop the program: the user then sees English.
    """
    folder = translations_dir()
    key = (folder, language)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    po_path = folder / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    translations: gettext.NullTranslations
    try:
        translations = _compiled(po_path.read_bytes(), language)
    except FileNotFoundError:
        if language != "en":  # English needs no catalogue: the source strings are English
            log.warning("No %s catalogue at %s; showing English text", language, po_path)
        translations = gettext.NullTranslations()
    except Exception:  # a broken catalogue must not keep the program from starting
        log.exception("Cannot read the %s catalogue %s; showing English text", language, po_path)
        translations = gettext.NullTranslations()
    _cache[key] = translations
    return translations


def _compiled(po: bytes, language: str) -> gettext.GNUTranslations:
    """The catalogue from the cache when it was compiled from these very bytes; otherwise
    compiled now (Babel is imported only then) and cached. A cache that cannot be read or
    written only costs the compile."""
    cached = cache_dir() / f"{DOMAIN}-{language}-{hashlib.sha256(po).hexdigest()[:24]}.mo"
    try:
        return gettext.GNUTranslations(BytesIO(cached.read_bytes()))
    except FileNotFoundError:
        pass  # not compiled yet
    except Exception as exc:  # damaged (struct.error, OSError, …): compile it again
        log.warning("Compiled catalogue %s unusable (%s); compiling it again", cached, exc)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(BytesIO(po), locale=language, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    translations = gettext.GNUTranslations(BytesIO(buffer.getvalue()))
    try:
        for old in cached.parent.glob(f"{DOMAIN}-{language}-*.mo"):
            old.unlink()
        with replaced_atomically(cached, ".mo") as tmp:
            Path(tmp).write_bytes(buffer.getvalue())
    except OSError as exc:
        log.warning("Could not cache the compiled %s catalogue: %s", language, exc)
    return translations


def _normalise(code: str) -> str:
    """Accept "tr", "TR", "tr_TR" or "tr-TR" for the language "tr"."""
    return code.strip().replace("-", "_").split("_")[0].lower()


def available_languages() -> dict[str, str]:
    """Language codes and their names as their speakers write them (for a language menu)."""
    return {code: name for code, (name, _locale) in _LANGUAGES.items()}


def current_language() -> str:
    """The language code of the user interface: "tr" or "en"."""
    return _current


def current_locale() -> str:
    """The Babel locale for numbers and dates of the current language ("tr_TR" or "en_GB")."""
    return _LANGUAGES[_current][1]


def set_language(code: str) -> None:
    """Switch the user interface language; later ``_()`` calls and listeners see the new one.

    Always re-reads which catalogue applies (cheap: compiled catalogues are cached), so a
    changed $KBPP_TRANSLATIONS takes effect on the next call.
    """
    global _current, _active
    language = _normalise(code)
    if language not in _LANGUAGES:
        known = ", ".join(sorted(_LANGUAGES))
        raise ValueError(
            _("Unknown language “{code}”; available: {known}.").format(code=code, known=known)
        )
    changed = language != _current
    _current = language
    _active = _load(language)
    if changed:
        _notify(language)


def reload_catalogues() -> None:
    """Forget compiled catalogues and read them again (after editing a .po file, in tests)."""
    global _active
    _cache.clear()
    _active = _load(_current)


def on_language_changed(callback: LanguageListener) -> Callable[[], None]:
    """Call ``callback(new_code)`` after every language switch; returns a function to unsubscribe.

    Pure Python so that the core needs no Qt: a window subscribes its ``retranslate`` method
    and unsubscribes when it is closed (listeners are held strongly).
    """
    _listeners.append(callback)

    def unsubscribe() -> None:
        if callback in _listeners:
            _listeners.remove(callback)

    return unsubscribe


def _notify(language: str) -> None:
    """Tell every listener; one failing window must not leave the others untranslated."""
    first_error: Exception | None = None
    for listener in list(_listeners):
        try:
            listener(language)
        except Exception as exc:
            log.exception("Language listener %r failed", listener)
            if first_error is None:
                first_error = exc
    if first_error is not None:
        raise first_error


def set_pseudo_translation(enabled: bool) -> None:
    """Layout test mode: every translated string comes out 40 % longer, bracketed, so a clipped
    label shows its missing "]". Open windows re-translate (listeners are told)."""
    global _pseudo
    if enabled != _pseudo:
        _pseudo = enabled
        _notify(_current)


def pseudo_translation() -> bool:
    return _pseudo


def _lengthen(text: str) -> str:
    """Bracket and pad to 40 % more characters; placeholders, mnemonics, line breaks survive."""
    if not _pseudo or not text:
        return text
    extra = max(2, round(len(text) * PSEUDO_GROWTH))
    # Words of padding where the text has words, so that wrapped labels still wrap.
    filler = " ~~~~" if " " in text.strip() else "~"
    return "[" + text + (filler * extra)[: extra - 2] + "]"


def _(message: str) -> str:
    """Translate ``message`` into the language that is current at the time of the call."""
    return _lengthen(_active.gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count, with the current language's plural rule."""
    return _lengthen(_active.ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    """Translate a short message whose meaning depends on a context (e.g. "Open" a file/state)."""
    return _lengthen(_active.pgettext(context, message))


def N_(message: str) -> str:
    """Mark a string for extraction without translating it (module-level constants)."""
    return message


_active = _load(_current)
