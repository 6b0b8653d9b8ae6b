"""Bad-input corpus: every case in tests/corpus/ runs the real CLI end to end.

Each ``tests/corpus/<NN-name>/`` holds ``items/*.yaml`` (raw bytes as a clerk saved them)
and/or ``case.yaml`` (``note``; ``exit`` default 1; extra build ``args``; ``max_seconds``; ``generate``
for the big, binary or symlinked files, made at test time; ``command``, ``cwd``, ``out_remove``
and ``out_files`` for cases about the config and the output folder), maybe a ``guidegen.yaml``,
plus ``expected.txt``: the exact stderr lines. See tests/corpus/README.md.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import typing

import pydantic
import pytest
import yaml

import guidegen.fonts
import guidegen.model

CORPUS = Path(__file__).parent / "corpus"
REPO = Path(__file__).resolve().parents[1]
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
TIMEOUT = 20  # seconds per CLI run; the bomb and nesting cases finish in about one
LIMIT_AS = 2 << 30  # 2 GiB address space: a regression fails instead of eating the machine
CJK = re.compile(r"[\u4e00-\u9fff]")
BUILD = ["build", "--data", "items", "--out", "{out}"]
# A line: ``path[:line]: 说明`` (a file, or guidegen.yaml), or a general 错误/警告/config line.
LINE = re.compile(r"(\S+?(:\d+)?: |错误：|警告：|使用配置文件 |已中断。)")
ENGLISH = re.compile(r"[A-Za-z]{4,}")
# What a message may quote in Latin letters: paths and file names, U+ codes, field names.
FIELD = r"[a-z_]+(?:\[\d+\]|\.[a-z_]+)*"
# ... and what the user is told to type: a command (guidegen build), an option and its value.
QUOTED = re.compile(rf"(?<=: ){FIELD}(?=: )|^{FIELD}(?=: )|U\+[0-9A-F]{{4,6}}"
                    r"|guidegen [a-z]+|--[a-z-]+(?: [\w./-]+)?"
                    r"|[\w.~-]*[/.][\w./~-]*")


def spec(case: str) -> dict:
    path = CORPUS / case / "case.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def materialize(case: str, dest: Path) -> Path:
    """Copy a case to ``dest`` and generate its big/binary/symlink files there."""
    shutil.copytree(CORPUS / case, dest, symlinks=True)
    for entry in spec(case).get("generate", []):
        if "symlink" in entry:
            link = dest / entry["symlink"]
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(entry["target"])
            continue
        parts = entry.get("parts") or [{"text": entry["text"]}]
        text = "".join(p["text"] * p.get("times", 1) for p in parts)
        text = text.replace("\n", entry.get("newline", "\n"))
        target = dest / entry["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode(entry.get("encoding", "utf-8")))
    (dest / "items").mkdir(exist_ok=True)
    return dest


def listing(root: Path) -> dict[str, tuple]:
    """Every path under ``root`` with its kind, content hash and mtime."""
    found = {}
    for path in sorted(root.rglob("*")):
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        found[str(path.relative_to(root))] = (stat.st_mode, digest, stat.st_mtime_ns)
    return found


def run_cli(cwd: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    """``python -m guidegen ARGS`` under ``prlimit`` (2 GiB address space, util-linux) with a
    timeout; a clean environment apart from this checkout on PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUIDEGEN", "PYTHON"))}
    env.update(LC_ALL="C.UTF-8", PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    start = time.perf_counter()
    proc = subprocess.run(["prlimit", f"--as={LIMIT_AS}", sys.executable, "-m", "guidegen", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    return proc, time.perf_counter() - start


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory) -> Path:
    """An ``--out`` folder holding a real earlier build (HTML only, to stay fast)."""
    root = tmp_path_factory.mktemp("previous")
    items = root / "items"
    items.mkdir()
    (items / "kinship.yaml").write_text(
        "id: kinship\nname: 亲属关系证明\nstatus: not-issued\nroute: 由居民据实提供证明材料\n",
        encoding="utf-8")
    proc, _ = run_cli(root, "build", "--data", "items", "--out", "out", "--format", "html", "-q")
    assert proc.returncode == 0, proc.stderr
    assert (root / "out" / "site" / "items" / "kinship" / "index.html").is_file()
    return root / "out"


@pytest.fixture(scope="module")
def results(request, tmp_path_factory, previous_build) -> dict:
    """Run every selected case once, in parallel threads (each run is its own subprocess)."""
    base = tmp_path_factory.mktemp("corpus")
    selected = {i.callspec.params["case"] for i in request.session.items
                if i.module is sys.modules[__name__] and hasattr(i, "callspec")}

    def one(case: str):
        work = materialize(case, base / case)
        out = work.parent / f"{case}.out"
        shutil.copytree(previous_build, out, symlinks=True)
        (out / "marker.txt").write_text("上一次的输出\n", encoding="utf-8")
        for gone in spec(case).get("out_remove", []):  # e.g. .guidegen: a site no build made
            shutil.rmtree(out / gone)
        for name, text in spec(case).get("out_files", {}).items():  # e.g. a hand-added page
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_text(text, encoding="utf-8")
        before = listing(out)
        cwd = work / spec(case).get("cwd", ".")
        cwd.mkdir(parents=True, exist_ok=True)
        args = [a.format(out=out, case=work) for a in spec(case).get("command", BUILD)]
        proc, seconds = run_cli(cwd, *args, *spec(case).get("args", []))
        return proc, seconds, before, listing(out), work, out

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        cases = sorted(selected)
        return dict(zip(cases, pool.map(one, cases)))


def expected(case: str, work: Path | None = None, out: Path | None = None) -> list[str]:
    """The expected lines, with ``{case}`` and ``{out}`` standing for the absolute paths of the
    case's copy and of the output folder (messages show paths outside the cwd absolute)."""
    text = (CORPUS / case / "expected.txt").read_text(encoding="utf-8")
    if work is not None:
        text = text.replace("{case}", str(work)).replace("{out}", str(out))
    return text.splitlines()


def test_corpus_is_big_enough_and_every_case_is_complete():
    assert len(CASES) >= 40
    for case in CASES:
        folder = CORPUS / case
        assert re.fullmatch(r"\d\d\d-[a-z0-9-]+", case), case
        assert (folder / "expected.txt").is_file(), case
        assert spec(case).get("note"), f"{case}: case.yaml must say what the clerk did"
        assert (folder / "items").is_dir() or spec(case).get("generate"), case
        assert spec(case).get("exit", 1) in (0, 1, 2), case


@pytest.mark.parametrize("case", CASES)
def test_case(case, results):
    proc, seconds, before, after, work, out = results[case]
    code = spec(case).get("exit", 1)
    lines = proc.stderr.splitlines()
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr[-3000:]
    assert proc.returncode == code, proc.stderr[-2000:]
    missing = [line for line in expected(case, work, out) if line not in lines]
    assert not missing, f"expected lines not in stderr:\n{missing}\nstderr:\n{proc.stderr}"
    assert lines == expected(case, work, out), "stderr has lines the case does not expect"
    assert seconds < spec(case).get("max_seconds", TIMEOUT / 2)
    for line in lines[:-1] if code == 1 else lines if code == 0 else []:  # 2: click's usage
        assert LINE.match(line) and CJK.search(line), line  # path:line: [field: ]说明, in Chinese
    if code:
        assert lines[-1].startswith("错误：") or (
            lines[-1].startswith("发现 ") and lines[-1].endswith("请修改后重试。")), lines[-1]
        assert proc.stdout == ""
        assert after == before, "--out was created or changed by a failed build"
    elif spec(case).get("command", BUILD)[0] != "build":  # guidegen check: nothing written
        assert after == before
    else:  # accepted: the build really ran and replaced the previous site
        assert after["marker.txt"] == before["marker.txt"]
        pages = [p for p in after if p.startswith("site/items/") and p.endswith("/index.html")]
        assert any(after[p][1] != before.get(p, (0, ""))[1] for p in pages), "item page not built"
        for name in spec(case).get("out_files", {}):  # files put into the site by hand:
            if name.startswith("site/"):  # never deleted, never changed
                assert after[name][:2] == before[name][:2], name


def _literals(annotation) -> set[str]:
    found = {annotation} if isinstance(annotation, str) else set()
    for arg in typing.get_args(annotation):
        found |= _literals(arg)
    return found


def schema_words() -> set[str]:
    """Every field name and fixed value of the data model: messages may name them."""
    words = set()
    for model in vars(guidegen.model).values():
        if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
            for name, info in model.model_fields.items():
                words |= {name, info.alias or name, *_literals(info.annotation)}
    return {w for text in words for w in re.findall(r"[A-Za-z]+", text)}


# Proper names of formats and programs (like file names, not English sentences).
PROPER = {"YAML", "Unicode", "Excel", "Word", "WPS", "HTML", "DOCX", "guidegen"}
# Values shown as the spelling to type (true/false, an example id), not English prose.
EXAMPLES = {"true", "false", "guardian", "designation"}


def english(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """Runs of four or more Latin letters left after paths, file and field names, U+ codes
    and the ``allowed`` words (the user's own text, quoted back)."""
    return [w for line in text.splitlines() for w in ENGLISH.findall(QUOTED.sub(" ", line))
            if w not in allowed]


def case_words(case: str) -> set[str]:
    """Latin words the clerk wrote in the case's own files (ids, typos) and the model's."""
    files = [p for p in (CORPUS / case).rglob("*") if p.name != "expected.txt"]
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in files if p.is_file())
    written += " ".join(str(p.relative_to(CORPUS / case)) for p in files)
    fonts = set(re.findall(r"[A-Za-z]+", " ".join(guidegen.fonts.every_family())))
    return set(re.findall(r"[A-Za-z]+", written)) | schema_words() | PROPER | EXAMPLES | fonts


def test_english_finder_sees_through_paths_and_fields():
    assert english("items/a.yaml:3: legal_basis[0].law: 应为文字\n/tmp/x/site 已存在") == []
    assert english("U+3000 --templates 目录") == []
    assert english("错误：无法读取（Not a directory）") == ["directory"]
    assert english("items/a.yaml: 文件 File is not a zip file") == ["File", "file"]


@pytest.mark.parametrize("case", CASES)
def test_no_english_in_messages(case, results):
    proc = results[case][0]
    assert english(proc.stderr + proc.stdout, case_words(case)) == [], proc.stderr
