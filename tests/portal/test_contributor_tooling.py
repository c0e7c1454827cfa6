"""The pre-commit hooks check a commit as `make lint` does: with the same ruff."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_pre_commit_hooks_use_the_ruff_pinned_for_development():
    pinned = re.search(r"^ruff==(\S+)$", (ROOT / "requirements-dev.txt").read_text(), re.MULTILINE).group(1)
    hooks = re.findall(r'"ruff==([^"]+)"', (ROOT / ".pre-commit-config.yaml").read_text())
    assert hooks and set(hooks) == {pinned}
