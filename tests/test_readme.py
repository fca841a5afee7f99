"""README.md is the front door: short, and every link and command it shows leads somewhere real.
The rest of the documentation lives in docs/ (built by ``make docs``, run by ``make test``)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
LINK = re.compile(r"\]\((?!https?://|mailto:)([^)#\s]+)(?:#([^)\s]+))?\)")
SHELL_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
MAKE_TARGET = re.compile(r"\bmake\s+([a-z][\w-]*)")


def _heading_anchors(markdown: str) -> set[str]:
    """The anchors of a page's headings, as GitHub and the docs build (myst) spell them."""
    anchors, fenced = set(), False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (m := re.match(r"^#+ (.*)", line)):
            anchors.add(re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-"))
    return anchors


def _makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(), re.M))


def test_readme_is_at_most_250_lines():
    assert len(README.read_text().splitlines()) <= 250


def test_every_relative_link_in_readme_leads_to_a_file_and_heading():
    broken = []
    for target, anchor in LINK.findall(README.read_text()):
        path = ROOT / target
        if not path.exists():
            broken.append(target)
        elif anchor and anchor not in _heading_anchors(path.read_text()):
            broken.append(f"{target}#{anchor}")
    assert broken == []


def test_readme_links_every_page_of_the_docs():
    linked = {target for target, _ in LINK.findall(README.read_text())}
    pages = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")} - {"docs/index.md"}
    assert sorted(pages - linked) == []


def test_every_make_target_readme_runs_is_in_the_makefile():
    commands = "\n".join(SHELL_BLOCK.findall(README.read_text()))
    targets = set(MAKE_TARGET.findall(commands))
    assert {"demo", "test"} <= targets
    assert sorted(targets - _makefile_targets()) == []
