"""Real parallel texts (tests/fixtures/real_acts): the Markdown of the public mirror of
Kazakhstan's official legal texts, read into the structured plain text an act is written in."""

from __future__ import annotations

import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "real_acts"
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def markdown_to_act_text(markdown: str) -> str:
    """The act's text from the mirror's Markdown: no front matter, no document title, no
    anchors, no publisher's footnotes ("Сноска", "Ескерту": the publisher's, not the act's);
    heading marks and bold removed."""
    lines = []
    for raw in _FRONT_MATTER.sub("", markdown).splitlines():
        line = raw.strip()
        if line.startswith(("# ", "<a id=", "> *")):
            continue
        line = re.sub(r"^#+\s*", "", line).replace("**", "")
        lines.append(line)
    return "\n".join(lines).strip() + "\n"


def real_text(name: str) -> str:
    """The text of one fixture, e.g. `constitution-2026-rus`."""
    return markdown_to_act_text((FIXTURES / f"{name}.md").read_text(encoding="utf-8"))
