"""Build state: loading, freshness by input key and output hash, the pending commit."""

from __future__ import annotations

import hashlib
import json

import pytest

from guidegen import __version__
from guidegen.incremental.state import (
    PENDING,
    STATE,
    STATE_VERSION,
    BuildState,
    digest,
    file_sha256,
    identity,
    settle,
)


def sample() -> BuildState:
    return BuildState(
        outputs={"index.html": {"key": "k1", "sha256": "s1"}},
        items={"kinship": {"name": "亲属关系证明", "status": "不应出具清单"}},
        removed={"old": {"name": "旧证明", "list": "保留清单", "date": "2026-01-01"}},
        changes=[{"date": "2026-01-01", "added": [], "removed": [], "moved": [], "changed": []}],
    )


def test_digest_separates_parts():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a", b"b") == digest(b"a", "b")
    assert len(digest()) == 64


def test_save_and_load_round_trip(tmp_path):
    state = sample()
    state.save(tmp_path)
    assert BuildState.load(tmp_path / STATE) == state
    text = (tmp_path / STATE).read_text(encoding="utf-8")
    assert "亲属关系证明" in text  # readable, not \\u escapes
    assert json.loads(text)["guidegen"] == __version__


def test_state_file_bytes_do_not_depend_on_insertion_order(tmp_path):
    a, b = sample(), sample()
    b.outputs = {"z.html": {"sha256": "2", "key": "1"}, **b.outputs}
    a.outputs = {**a.outputs, "z.html": {"key": "1", "sha256": "2"}}
    assert a.to_json() == b.to_json()


@pytest.mark.parametrize("text", ["", "{", "[]", '"x"', json.dumps({"version": STATE_VERSION + 1}),
                                  json.dumps({"version": STATE_VERSION, "outputs": 3})])
def test_missing_corrupt_or_foreign_state_means_full_build(tmp_path, text):
    (tmp_path / STATE).write_text(text, encoding="utf-8")
    assert BuildState.load(tmp_path / STATE) == BuildState()
    assert BuildState.load(tmp_path / "absent.json") == BuildState()


def test_upgrade_drops_output_keys_but_keeps_history_and_tombstones(tmp_path):
    data = json.loads(sample().to_json())
    data["guidegen"] = "0.0.1"
    (tmp_path / STATE).write_text(json.dumps(data), encoding="utf-8")
    loaded = BuildState.load(tmp_path / STATE)
    assert loaded.outputs == {}
    assert (loaded.items, loaded.removed, loaded.changes) == (
        sample().items, sample().removed, sample().changes)


def test_fresh_needs_same_key_and_unaltered_file(tmp_path):
    live = tmp_path / "index.html"
    live.write_bytes(b"page")
    entry = {"key": "k", "sha256": hashlib.sha256(b"page").hexdigest()}
    state = BuildState(outputs={"index.html": entry})
    assert state.is_fresh("index.html", "k", live)
    assert not state.is_fresh("index.html", "other", live)
    assert not state.is_fresh("other.html", "k", live)
    live.write_bytes(b"edited by hand")
    assert not state.is_fresh("index.html", "k", live)
    live.unlink()
    assert not state.is_fresh("index.html", "k", live)
    assert file_sha256(live) is None


def test_entry_without_output_hash_is_stale(tmp_path):
    live = tmp_path / "index.html"
    live.write_bytes(b"page")
    assert not BuildState(outputs={"index.html": {"key": "k"}}).is_fresh("index.html", "k", live)


def test_settle_commits_pending_state_of_the_live_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    old, new = BuildState(items={"a": {"name": "甲", "status": "保留清单"}}), sample()
    old.save(tmp_path)
    new.save_pending(tmp_path, site)  # as if ``site`` were the staging tree just swapped in
    settle(tmp_path, site)
    assert not (tmp_path / PENDING).exists()
    assert BuildState.load(tmp_path / STATE) == new
    assert json.loads((tmp_path / STATE).read_text())["site"] == identity(site)


def test_settle_drops_pending_state_of_a_tree_never_swapped_in(tmp_path):
    site, staging = tmp_path / "site", tmp_path / "staging-1"
    site.mkdir()
    staging.mkdir()
    old = BuildState(items={"a": {"name": "甲", "status": "保留清单"}})
    old.save(tmp_path)
    sample().save_pending(tmp_path, staging)
    settle(tmp_path, site)
    assert not (tmp_path / PENDING).exists()
    assert BuildState.load(tmp_path / STATE) == old


@pytest.mark.parametrize("text", ["{", "[]", "{}"])
def test_settle_drops_unreadable_pending_state(tmp_path, text):
    (tmp_path / "site").mkdir()
    (tmp_path / PENDING).write_text(text, encoding="utf-8")
    settle(tmp_path, tmp_path / "site")
    assert not (tmp_path / PENDING).exists() and not (tmp_path / STATE).exists()


def test_settle_without_pending_state_or_site_is_harmless(tmp_path):
    settle(tmp_path, tmp_path / "site")
    sample().save_pending(tmp_path, tmp_path)
    settle(tmp_path, tmp_path / "missing-site")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("text", [
    '{"version": 1, "outputs": []}',
    '{"version": 1, "outputs": {"index.html": {"key": 3}}}',
    '{"version": 1, "items": {"a": {"name": "甲"}}}',
    '{"version": 1, "removed": {"a": {"name": "甲", "list": "保留清单", "date": "昨天"}}}',
    '{"version": 1, "changes": [{"date": "2026-11-01", "added": [{"id": "a"}]}]}',
    '{"version": 1, "inputs": []}',
    '[1, 2]', '{"version": 2}', "{", "",
])
def test_a_state_of_the_wrong_shape_is_unusable(tmp_path, text):
    path = tmp_path / "state.json"
    path.write_text(text, encoding="utf-8")
    state = BuildState.load(path)
    assert state.unusable and state == BuildState()


def test_a_missing_state_is_not_unusable_and_a_written_one_is_usable(tmp_path):
    assert not BuildState.load(tmp_path / "state.json").unusable
    state = BuildState(outputs={"index.html": {"key": "k", "sha256": None, "stat": [1, 2, 3]}},
                       items={"a": {"name": "甲", "status": "保留清单"}},
                       removed={"b": {"name": "乙", "list": "保留清单", "date": "2026-11-01"}},
                       changes=[{"date": "2026-11-01", "added": [], "removed": [], "moved": [], "changed": []}])
    state.save(tmp_path)
    loaded = BuildState.load(tmp_path / "state.json")
    assert not loaded.unusable and loaded == state and loaded.published == {"index.html"}
