"""Build state: for every published output, the hash of the inputs it was made from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from guidegen import __version__
from guidegen.publish import write_atomic

STATE_VERSION = 1


def digest(*parts: str | bytes) -> str:
    """SHA-256 over the given parts, separated so that ("ab","c") != ("a","bc")."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@dataclass
class BuildState:
    """Output path → input key and output hash; plus the published item summaries."""

    outputs: dict[str, dict] = field(default_factory=dict)
    items: dict[str, dict] = field(default_factory=dict)
    removed: dict[str, dict] = field(default_factory=dict)
    changes: list[dict] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> BuildState:
        """Read the state; a missing, corrupt or foreign-version file means a full build."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if data.get("version") != STATE_VERSION or data.get("guidegen") != __version__:
            return cls()
        return cls(
            outputs=data.get("outputs", {}),
            items=data.get("items", {}),
            removed=data.get("removed", {}),
            changes=data.get("changes", []),
        )

    def is_fresh(self, path: str, key: str) -> bool:
        """True when ``path`` was last made from exactly this input key."""
        entry = self.outputs.get(path)
        return entry is not None and entry.get("key") == key

    def save(self, path: Path) -> None:
        """Write the state atomically, keys sorted so the file itself is reproducible."""
        data = {
            "version": STATE_VERSION,
            "guidegen": __version__,
            "outputs": self.outputs,
            "items": self.items,
            "removed": self.removed,
            "changes": self.changes,
        }
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
        write_atomic(path, text.encode("utf-8"))
