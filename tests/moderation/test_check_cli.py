"""`redleaf moderation check`: JSON lines in, one verdict per line out, with the database's lists."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from redleaf.moderation.models import Term

pytestmark = pytest.mark.django_db


def run(lines: str, *args) -> tuple[list[dict], int]:
    out = io.StringIO()
    code = 0
    try:
        call_command("moderation", "check", *args, stdin=io.StringIO(lines), stdout=out)
    except SystemExit as exit_:
        code = exit_.code
    return [json.loads(line) for line in out.getvalue().splitlines()], code


def test_verdicts_per_line_with_the_operators_lists():
    Term.objects.create(rule_id="harassment", value="zorbleflax", score=0.95)  # saved: the next check sees it
    verdicts, code = run('{"text": "你这个傻 逼"}\n{"text": "Lovely sunset #travel", "lang": "en"}\n'
                         '{"text": "月入百万，随便买"}\n{"text": "z o r b l e f l a x"}\n\n')
    assert code == 0
    assert [v["action"] for v in verdicts] == ["hold", "allow", "limit", "remove"]
    assert verdicts[0]["rules"] == ["harassment"] and verdicts[0]["scores"]["harassment"] >= 0.5
    assert set(verdicts[1]) == {"action", "rules", "scores"}


def test_bad_lines_get_an_error_and_the_rest_go_on():
    verdicts, code = run('not json\n{"text": 5}\n{"text": "hi", "lang": "fr"}\n[1]\n{"text": "fine"}\n')
    assert code == 1
    assert [v.get("error", {}).get("code") for v in verdicts] == ["bad_line"] * 4 + [None]
    assert verdicts[-1]["action"] == "allow"


def test_signals_on_request():
    verdicts, _code = run('{"text": "kill yourself"}\n', "--signals")
    assert any(s["check"] == "terms" and s["rule"] == "harassment" for s in verdicts[0]["signals"])


def test_an_operator_tries_terms_before_saving_them(tmp_path):
    from django.core.management.base import CommandError

    terms = tmp_path / "try.jsonl"
    terms.write_text('{"rule": "scam_spam", "value": "glorpcoin", "score": 0.8}\n'
                     '{"rule": "scam_spam", "value": "咕噜币", "lang": "zh"}\n', encoding="utf-8")
    lines = '{"text": "buy g l o r p c o i n now"}\n{"text": "大家都在买咕噜币"}\n'
    tried, code = run(lines, "--terms", str(terms))
    assert code == 0 and [v["rules"] for v in tried] == [["scam_spam"], ["scam_spam"]]
    assert not Term.objects.filter(value="glorpcoin").exists()  # nothing was saved
    plain, _code = run(lines)
    assert [v["rules"] for v in plain] == [[], []]
    terms.write_text('{"rule": "no_such_rule", "value": "x"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="no_such_rule"):
        run(lines, "--terms", str(terms))
    terms.write_text('{"rule": "scam_spam", "value": "(", "kind": "pattern"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="try.jsonl"):
        run(lines, "--terms", str(terms))
