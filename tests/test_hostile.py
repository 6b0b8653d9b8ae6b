"""Hostile-user classes of issue 11 that are easier to check in-process than in the corpus."""

from __future__ import annotations

import errno

import pytest

from guidegen import cli as cli_module


@pytest.mark.parametrize("code, words", [
    (errno.EACCES, "没有读写权限"), (errno.EISDIR, "这是一个目录"), (errno.ENOTDIR, "不是目录"),
    (errno.ENOSPC, "磁盘空间不足"), (errno.EROFS, "只读"),
])
def test_main_says_any_escaped_os_error_in_chinese(monkeypatch, capsys, code, words):
    def fail(*args, **kwargs):
        raise OSError(code, "English text", "/srv/输出/site")

    monkeypatch.setattr(cli_module.cli, "main", fail)
    monkeypatch.setattr(cli_module.memory, "exit_now", lambda code: None)
    with pytest.raises(SystemExit) as stopped:
        cli_module.main()
    err = capsys.readouterr().err
    assert stopped.value.code == 1
    assert err.startswith("错误：无法读写 /srv/输出/site（") and words in err
    assert "English" not in err and "Traceback" not in err
