"""Refresh the catalogues after adding or changing strings, and list what Turkish still lacks.

Run from anywhere: ``.venv/bin/python translations/update.py``. It runs exactly

    pybabel extract -F babel.cfg -k N_ -o translations/kbpp.pot kbpp
    pybabel update -i translations/kbpp.pot -d translations -D kbpp

in the project root (updating every language under translations/), then prints each Turkish
msgid that is untranslated or fuzzy (pybabel's guess from a similar old string: check it, then
delete the "#, fuzzy" line), and each translation whose {placeholders} differ from its msgid.
Exit status 1 while anything is listed, so CI and hooks can use it.
"""

from __future__ import annotations

import os
import string
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "kbpp"
CHECKED_LANGUAGE = "tr"

EXTRACT = ["pybabel", "extract", "-F", "babel.cfg", "-k", "N_", "-o", "translations/kbpp.pot"]
UPDATE = ["pybabel", "update", "-i", "translations/kbpp.pot", "-d", "translations", "-D", DOMAIN]


def placeholders(text: str) -> set[str]:
    """The {names} a str.format message uses; translations must use the same ones."""
    try:
        return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field}
    except ValueError:
        return {"<malformed braces>"}


def problems(po_path: Path) -> list[str]:
    """Untranslated, fuzzy and placeholder-mismatched entries of one catalogue."""
    with po_path.open("rb") as fileobj:
        catalog = read_po(fileobj, domain=DOMAIN)
    found: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        where = ", ".join(f"{path}:{line}" for path, line in message.locations)
        if message.fuzzy:
            found.append(f"fuzzy:        {ids[0]!r}  ({where})")
        elif not all(strings):
            found.append(f"untranslated: {ids[0]!r}  ({where})")
        else:
            wanted = set().union(*(placeholders(i) for i in ids))
            for text in strings:
                if placeholders(text) != wanted:
                    found.append(f"placeholders: {ids[0]!r} → {text!r}  ({where})")
    return found


def main() -> int:
    os.chdir(ROOT)
    cli = CommandLineInterface()
    # "-q": the same commands without a line per source file.
    cli.run([EXTRACT[0], "-q", *EXTRACT[1:], "kbpp"])
    cli.run([UPDATE[0], "-q", *UPDATE[1:]])
    print("Updated translations/kbpp.pot and every translations/<lang>/LC_MESSAGES/kbpp.po.")
    po_path = ROOT / "translations" / CHECKED_LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po"
    found = problems(po_path)
    if not found:
        print(f"\n{po_path.relative_to(ROOT)}: every message is translated.")
        return 0
    print(f"\n{po_path.relative_to(ROOT)}: {len(found)} message(s) need a translator:")
    for line in found:
        print("  " + line)
    return 1


if __name__ == "__main__":
    sys.exit(main())
