"""Language switching, catalogue fallback, and the rule that Turkish lacks no translation."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from kbpp import i18n
from kbpp.i18n import (
    N_,
    _,
    available_languages,
    current_language,
    current_locale,
    ngettext,
    on_language_changed,
    pgettext,
    reload_catalogues,
    set_language,
    translations_dir,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kbpp"
BABEL_CFG = ROOT / "babel.cfg"
TR_PO = ROOT / "translations" / "tr" / "LC_MESSAGES" / "kbpp.po"
# A message of kbpp/number_input.py, translated in the Turkish catalogue.
SAMPLE = "Nothing was typed. Type a number, for example {example}."
SAMPLE_TR = "Hiçbir şey yazılmadı. Bir sayı yazın, örneğin {example}."


@pytest.fixture
def other_translations(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Point KBPP_TRANSLATIONS elsewhere for one test, then go back to the real catalogues."""
    language = current_language()
    with monkeypatch.context() as patch:
        yield patch
    reload_catalogues()
    set_language(language)


# --- language switching -----------------------------------------------------------------


def test_turkish_is_the_default() -> None:
    """A fresh program speaks Turkish (the test suite's conftest may switch it per test)."""
    without_override = {k: v for k, v in os.environ.items() if k != "KBPP_TRANSLATIONS"}
    code = f"from kbpp.i18n import _, current_locale as l; print(l(), _({SAMPLE!r}))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**without_override, "PYTHONIOENCODING": "utf-8"},
    )
    assert i18n.DEFAULT_LANGUAGE == "tr"
    assert result.stdout.strip() == f"tr_TR {SAMPLE_TR}"


def test_turkish_translation_and_locale() -> None:
    set_language("tr")
    assert (current_language(), current_locale()) == ("tr", "tr_TR")
    assert _(SAMPLE) == SAMPLE_TR


def test_switching_language_changes_later_calls() -> None:
    set_language("en")
    assert (current_language(), current_locale()) == ("en", "en_GB")
    assert _(SAMPLE) == SAMPLE
    set_language("tr")
    assert _(SAMPLE) == SAMPLE_TR


def test_language_codes_are_normalised() -> None:
    set_language("en-GB")
    assert current_language() == "en"
    set_language("TR_tr")
    assert current_language() == "tr"


def test_unknown_language_is_refused_and_keeps_the_current_one() -> None:
    set_language("tr")
    with pytest.raises(ValueError, match="xx"):
        set_language("xx")
    assert current_language() == "tr"


def test_available_languages_are_named_natively() -> None:
    assert available_languages() == {"tr": "Türkçe", "en": "English"}


def test_untranslated_and_marked_strings() -> None:
    assert _("A string nobody translated") == "A string nobody translated"
    assert N_("Marked only") == "Marked only"
    assert ngettext("{n} file", "{n} files", 1) == "{n} file"
    assert ngettext("{n} file", "{n} files", 3) == "{n} files"
    assert pgettext("menu", "Open") == "Open"


def test_turkish_catalogue_has_the_plural_rule_asked_for() -> None:
    text = TR_PO.read_text(encoding="utf-8")
    assert '"Language: tr\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text


# --- listeners ----------------------------------------------------------------------------


def test_listeners_hear_every_change_until_they_unsubscribe() -> None:
    set_language("tr")
    heard: list[str] = []
    unsubscribe = on_language_changed(heard.append)
    try:
        set_language("en")
        set_language("en")  # no change, no call
        set_language("tr")
    finally:
        unsubscribe()
    set_language("en")
    assert heard == ["en", "tr"]


def test_listener_sees_the_new_language_already_active() -> None:
    set_language("tr")
    seen: list[str] = []
    unsubscribe = on_language_changed(lambda code: seen.append(_(SAMPLE)))
    try:
        set_language("en")
    finally:
        unsubscribe()
    assert seen == [SAMPLE]


def test_a_failing_listener_does_not_stop_the_others() -> None:
    set_language("tr")
    heard: list[str] = []

    def broken(code: str) -> None:
        raise RuntimeError("window already closed")

    remove_broken = on_language_changed(broken)
    remove_good = on_language_changed(heard.append)
    try:
        with pytest.raises(RuntimeError, match="window already closed"):
            set_language("en")
    finally:
        remove_broken()
        remove_good()
    assert heard == ["en"]
    assert current_language() == "en"


# --- where catalogues come from, and what happens without them ------------------------------


def test_translations_folder_of_the_source_tree() -> None:
    assert translations_dir() == ROOT / "translations"


def test_translations_folder_from_the_environment(
    other_translations: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other_translations.setenv("KBPP_TRANSLATIONS", str(tmp_path))
    assert translations_dir() == tmp_path


def test_translations_folder_of_a_frozen_bundle(
    other_translations: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other_translations.delenv("KBPP_TRANSLATIONS", raising=False)
    other_translations.setattr(sys, "frozen", True, raising=False)
    other_translations.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert translations_dir() == tmp_path / "translations"


def test_missing_catalogue_falls_back_to_english(
    other_translations: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other_translations.setenv("KBPP_TRANSLATIONS", str(tmp_path / "nowhere"))
    set_language("tr")
    assert current_language() == "tr"
    assert _(SAMPLE) == SAMPLE
    assert ngettext("{n} file", "{n} files", 2) == "{n} files"


def test_broken_catalogue_falls_back_to_english(
    other_translations: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    po = tmp_path / "tr" / "LC_MESSAGES" / "kbpp.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\xff\xfe\x00')
    other_translations.setenv("KBPP_TRANSLATIONS", str(tmp_path))
    set_language("tr")
    assert _(SAMPLE) == SAMPLE


def test_catalogue_is_read_from_po_and_fuzzy_entries_are_ignored(
    other_translations: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    po = tmp_path / "tr" / "LC_MESSAGES" / "kbpp.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: tr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Save"\nmsgstr "Kaydet"\n\n'
        '#, fuzzy\nmsgid "Close"\nmsgstr "Kapat"\n\n'
        'msgid "{n} file"\nmsgid_plural "{n} files"\n'
        'msgstr[0] "{n} dosya"\nmsgstr[1] "{n} dosya"\n',
        encoding="utf-8",
    )
    other_translations.setenv("KBPP_TRANSLATIONS", str(tmp_path))
    set_language("tr")
    assert _("Save") == "Kaydet"
    assert _("Close") == "Close"
    assert ngettext("{n} file", "{n} files", 5) == "{n} dosya"
    assert not list(po.parent.rglob("*.mo"))  # compiled into the cache, not beside the .po


def test_the_compiled_cache_follows_every_change_of_the_po_file(
    other_translations: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kbpp.i18n import reload_catalogues
    from kbpp.paths import cache_dir

    po = tmp_path / "tr" / "LC_MESSAGES" / "kbpp.po"
    po.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    po.write_text(header + 'msgid "Save"\nmsgstr "Kaydet"\n', encoding="utf-8")
    other_translations.setenv("KBPP_TRANSLATIONS", str(tmp_path))
    set_language("tr")
    assert _("Save") == "Kaydet"
    (cached,) = cache_dir().glob("kbpp-tr-*.mo")

    po.write_text(header + 'msgid "Save"\nmsgstr "Sakla"\n', encoding="utf-8")
    reload_catalogues()
    assert _("Save") == "Sakla"
    (newer,) = cache_dir().glob("kbpp-tr-*.mo")  # the older one is gone
    assert newer != cached

    newer.write_bytes(b"not a catalogue")  # damaged: compiled again, never English by mistake
    reload_catalogues()
    assert _("Save") == "Sakla"
    newer.write_bytes(b"")  # emptied (a power cut before it reached the disk)
    reload_catalogues()
    assert _("Save") == "Sakla"


def test_no_compiled_catalogues_are_kept() -> None:
    assert not list((ROOT / "translations").rglob("*.mo"))


# --- the Turkish catalogue lacks no translation --------------------------------------------


def _placeholders(text: str) -> set[str]:
    """{name} fields and %-style conversions; a translation must use exactly the same."""
    try:
        fields = {
            f"{{{name}}}" for _lit, name, _spec, _conv in string.Formatter().parse(text) if name
        }
    except ValueError as exc:
        return {f"<malformed braces: {exc}>"}
    percent = set(re.findall(r"%(?:\([A-Za-z_]\w*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]", text))
    return fields | percent


def _extracted_messages() -> dict[tuple[str | None, str], list[str]]:
    """Every message marked in kbpp/, as `pybabel extract -F babel.cfg -k N_` finds them."""
    with BABEL_CFG.open(encoding="utf-8") as fileobj:
        method_map, options_map = parse_mapping_cfg(fileobj, filename=str(BABEL_CFG))
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found: dict[tuple[str | None, str], list[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        PACKAGE, method_map, options_map, keywords=keywords
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((context, msgid), []).append(f"kbpp/{filename}:{lineno}")
    return found


def test_extraction_sees_this_projects_messages() -> None:
    messages = _extracted_messages()
    assert (None, SAMPLE) in messages
    assert len(messages) > 10


def test_turkish_catalogue_lacks_no_translation() -> None:
    with TR_PO.open("rb") as fileobj:
        catalog = read_po(fileobj, locale="tr", domain="kbpp")
    missing: list[str] = []
    for (context, msgid), where in sorted(
        _extracted_messages().items(), key=lambda item: item[1][0]
    ):
        entry = catalog.get(msgid, context=context)
        strings = () if entry is None else entry.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not strings or not all(s.strip() for s in strings):
            state = "missing" if entry is None else "fuzzy" if entry.fuzzy else "untranslated"
            missing.append(f"{state}: {msgid!r} ({', '.join(where)})")
    assert not missing, (
        f"{len(missing)} message(s) have no Turkish translation; run "
        "`.venv/bin/python translations/update.py` and translate them in "
        "translations/tr/LC_MESSAGES/kbpp.po:\n" + "\n".join(missing)
    )


def test_turkish_translations_keep_the_placeholders() -> None:
    with TR_PO.open("rb") as fileobj:
        catalog = read_po(fileobj, locale="tr", domain="kbpp")
    wrong: list[str] = []
    for entry in catalog:
        if not entry.id or entry.fuzzy:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set().union(*(_placeholders(i) for i in ids))
        for text in strings:
            if text and _placeholders(text) != wanted:
                wrong.append(
                    f"{ids[0]!r} → {text!r}: {sorted(_placeholders(text))} ≠ {sorted(wanted)}"
                )
    assert not wrong, "Turkish translations with other placeholders:\n" + "\n".join(wrong)


def test_placeholder_check_catches_a_renamed_field() -> None:
    assert _placeholders("Yıl {yıl}") != _placeholders("Year {year}")
    assert _placeholders("%(n)d dosya") == _placeholders("%(n)d files")
    assert _placeholders("{a} ve {b}") == _placeholders("{b} and {a}")
