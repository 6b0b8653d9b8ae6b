"""The project config: find ``guidegen.yaml``, read it, fall back to the defaults."""

from __future__ import annotations

from pathlib import Path

from guidegen.errors import GuidegenError, Problem
from guidegen.load.files import display_path
from guidegen.load.parse import LoadError, load_file
from guidegen.model import Config
from guidegen.validate import messages

CONFIG_NAME = "guidegen.yaml"


def load_config(config_path: Path | None) -> tuple[Config, Path, list[Problem]]:
    """Read ``guidegen.yaml`` (explicit path, or the working directory's, or defaults).

    A broken config yields its problems and the defaults, so the items are still
    checked and every problem is reported in one run.
    """
    if config_path is None:
        candidate = Path.cwd() / CONFIG_NAME
        if not candidate.is_file():
            return Config(), Path.cwd(), []
        config_path = candidate
    elif not config_path.is_file():
        raise GuidegenError(f"找不到配置文件 {display_path(config_path)}")
    try:
        doc = load_file(config_path, display_path(config_path))
    except LoadError as exc:
        return Config(), config_path.parent, exc.problems
    if doc.data is None:
        return Config(), config_path.parent, []
    config, problems = messages.build(Config, doc)
    if config is None and isinstance(doc.data, dict):
        # Keep the data folder the user configured, even if another key is wrong.
        data = doc.data.get("data")
        config = Config(data=data) if isinstance(data, str) and data.strip() else Config()
    return config or Config(), config_path.parent, problems
