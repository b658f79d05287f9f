"""Keep the zh_Hans and en catalogues complete without hand-editing .po files.

    python scripts/translations.py missing            # JSON {msgid: ""} of zh_Hans entries still to translate
    python scripts/translations.py fill zh.json       # put those translations in (a list for plural forms)
    python scripts/translations.py merge A.po [B.po]  # take translations from other copies (after a git merge)

Every command first fills en (its msgstr is its msgid, or the plural for the plural form), drops the fuzzy
mark of entries it fills, and recompiles the .mo files. Run `make messages` first so new strings are in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "redleaf" / "locale"
DOMAINS = ("django", "djangojs")


def _catalogues(lang: str):
    for domain in DOMAINS:
        path = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            yield path, polib.pofile(str(path), wrapwidth=0)


def _key(entry) -> tuple:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _done(entry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _set(entry, value) -> None:
    if entry.msgid_plural:
        values = value if isinstance(value, list) else [value]
        entry.msgstr_plural = {i: v for i, v in enumerate(values)}
    else:
        entry.msgstr = value if isinstance(value, str) else value[0]
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None


def _save(path: Path, po) -> None:
    po.save(str(path))
    subprocess.run(["msgfmt", "--check", "-o", str(path.with_suffix(".mo")), str(path)], check=True)


def fill_en() -> None:
    for path, po in _catalogues("en"):
        for entry in po:
            if not entry.obsolete and (not _done(entry) or "fuzzy" in entry.flags):
                _set(entry, [entry.msgid, entry.msgid_plural] if entry.msgid_plural else entry.msgid)
        _save(path, po)


def missing() -> dict:
    out: dict = {}
    for _path, po in _catalogues("zh_Hans"):
        for entry in po:
            if not entry.obsolete and (not _done(entry) or "fuzzy" in entry.flags):
                out[entry.msgid] = [""] if entry.msgid_plural else ""
    return out


def fill(translations: dict) -> list[str]:
    left = []
    for path, po in _catalogues("zh_Hans"):
        for entry in po:
            if entry.obsolete or (_done(entry) and "fuzzy" not in entry.flags):
                continue
            value = translations.get(entry.msgid)
            if value:
                _set(entry, value)
            else:
                left.append(entry.msgid)
        _save(path, po)
    return left


def merge(others: list[Path]) -> list[str]:
    """Fill our untranslated zh_Hans entries from other .po files (e.g. `git show branch:path > other.po`)."""
    known: dict[tuple, object] = {}
    for other in others:
        for entry in polib.pofile(str(other)):
            if _done(entry) and "fuzzy" not in entry.flags:
                known[_key(entry)] = ([entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
                                      if entry.msgid_plural else entry.msgstr)
    left = []
    for path, po in _catalogues("zh_Hans"):
        for entry in po:
            if entry.obsolete or (_done(entry) and "fuzzy" not in entry.flags):
                continue
            if _key(entry) in known:
                _set(entry, known[_key(entry)])
            else:
                left.append(entry.msgid)
        _save(path, po)
    return left


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("missing", "fill", "merge"):
        print(__doc__)
        return 2
    fill_en()
    if argv[0] == "missing":
        print(json.dumps(missing(), ensure_ascii=False, indent=1))
        return 0
    if argv[0] == "fill":
        left = fill(json.loads(Path(argv[1]).read_text(encoding="utf-8")))
    else:
        left = merge([Path(p) for p in argv[1:]])
    for msgid in left:
        print("untranslated:", msgid)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
