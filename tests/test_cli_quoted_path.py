"""A path typed in Windows' command prompt with a trailing 「\\」 inside quotes (``"C:\\受信\\"``): the prompt keeps the
closing quote as a character and runs the rest of the line into the same argument, so merge saw
``C:\\受信" --year R8 --out out`` and said only 「必須の引数がありません: --year」 — which the clerk had typed. Every
failure over an argument holding a 「"」 now says what happened and how to write the path."""

from __future__ import annotations

import json

import pytest

from reform_xlsx.cli import main

ADVICE = "パスの最後の「\\」を消して"


@pytest.mark.parametrize("argv, said", [
    # the prompt's one argument for: merge "受信\" --year R8 --out out
    (["merge", '受信" --year R8 --out out'], "必須の引数がありません: --year"),
    # merge --year R8 --out out "受信\"  (the quote at the end of the line)
    (["merge", "--year", "R8", "--out", "out", '受信"'], "指定したファイル・フォルダが見つかりません"),
    # merge 受信 "追加分\" --year R8 (one folder right, the other with the stray quote)
    (["merge", "受信", '追加分"', "--year", "R8", "--out", "out"], "指定したファイル・フォルダが見つかりません"),
    (["merge", "受信", "--year", "R8", "--out", "out", "--review", '評価\\"'], "推進室評価シートが見つかりません"),
])
def test_a_stray_quote_in_an_argument_is_explained(argv, said, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "受信").mkdir()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert said in err and ADVICE in err and '"C:\\受信"' in err
    assert not (tmp_path / "out").exists() and not (tmp_path / "reform.db").exists()
    assert main([*argv, "--json"]) == 2
    assert ADVICE in json.loads(capsys.readouterr().out)["error"]


@pytest.mark.parametrize("argv", [
    ["merge", "--year", "R8"],
    ["merge", "ない", "--year", "R8", "--out", "out"],
])
def test_no_quote_no_advice(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert ADVICE not in capsys.readouterr().err
