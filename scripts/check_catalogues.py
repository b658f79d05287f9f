"""CI check: the zh_Hans and en catalogues are complete and current.

Fails when a user-facing string in the code is missing from a catalogue (stale), when a catalogue
entry has no translation or is marked fuzzy, or when a compiled .mo file is older than its .po.
Run `make messages` to refresh, then translate what it added."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "redleaf"
LOCALES = ("zh_Hans", "en")
DOMAINS = ("django", "djangojs")


def parse_po(path: Path) -> dict[str, tuple[str, bool]]:
    """msgid (with context and plural joined) -> (msgstr joined, fuzzy)."""
    entries: dict[str, tuple[str, bool]] = {}
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.splitlines() if ln.strip() and not ln.startswith("#~")]
        if not lines:
            continue
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        fields: dict[str, list[str]] = {}
        current = None
        for ln in lines:
            if ln.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', ln)
            if m:
                current = m.group(1)
                fields[current] = [m.group(2)]
            elif ln.startswith('"') and current:
                fields[current].append(ln[1:-1])
        if "msgid" not in fields:
            continue
        msgid = "".join(fields["msgid"])
        if not msgid:
            continue  # header
        key = "\x04".join(["".join(fields.get("msgctxt", [])), msgid, "".join(fields.get("msgid_plural", []))])
        strs = ["".join(v) for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        entries[key] = ("\x00".join(strs) if all(strs) else "", fuzzy)
    return entries


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "redleaf"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="redleaf.settings", REDLEAF_DATA_DIR=tmp)
        for domain in DOMAINS:
            if not list((PACKAGE / "locale").glob(f"*/LC_MESSAGES/{domain}.po")):
                continue
            args = [sys.executable, "-m", "django", "makemessages", "-d", domain, "--no-obsolete",
                    "--no-location", *sum((["-l", lang] for lang in LOCALES), [])]
            subprocess.run(args, cwd=copy, env=env, check=True, capture_output=True)
        for lang in LOCALES:
            for domain in DOMAINS:
                committed = PACKAGE / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"
                fresh = copy / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"
                if not committed.exists():
                    if fresh.exists() and parse_po(fresh):
                        problems.append(f"{committed.relative_to(ROOT)} is missing")
                    continue
                have = parse_po(committed)
                want = parse_po(fresh) if fresh.exists() else {}
                for key in sorted(set(want) - set(have)):
                    problems.append(f"{lang}/{domain}: not in the catalogue (stale): {key.split(chr(4))[1]!r}")
                for key in sorted(set(have) - set(want)):
                    problems.append(f"{lang}/{domain}: no longer used (stale): {key.split(chr(4))[1]!r}")
                for key, (msgstr, fuzzy) in sorted(have.items()):
                    if not msgstr:
                        problems.append(f"{lang}/{domain}: untranslated: {key.split(chr(4))[1]!r}")
                    elif fuzzy:
                        problems.append(f"{lang}/{domain}: fuzzy: {key.split(chr(4))[1]!r}")
                compiled = committed.with_suffix(".mo")
                out = Path(tmp) / f"{lang}-{domain}.mo"
                subprocess.run(["msgfmt", "--check", "-o", str(out), str(committed)], check=True)
                if not compiled.exists() or compiled.read_bytes() != out.read_bytes():
                    problems.append(f"{compiled.relative_to(ROOT)} is not compiled from its .po (run make messages)")
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} catalogue problem(s). Run `make messages` and translate in both languages.")
        return 1
    print("catalogues: zh_Hans and en complete and current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
