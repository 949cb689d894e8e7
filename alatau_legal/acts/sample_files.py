"""Reading the sample acts of `acts/`: a header of `Key: value` lines, `---`, then the text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Invalid

HEADER_KEYS = {
    "number": "number",
    "type": "act_type",
    "language": "language",
    "sector": "sector",
    "title": "title",
    "title-en": "title_en",
    "title-ru": "title_ru",
    "title-kk": "title_kk",
    "legal basis": "legal_basis",
}
REQUIRED = ("number", "act_type", "language", "title")


@dataclass
class ActFile:
    path: Path
    number: str
    act_type: str
    language: str
    title: str
    text: str
    sector: str | None = None
    legal_basis: str = ""
    other_titles: dict[str, str] = field(default_factory=dict)


def read_act_file(path: Path) -> ActFile:
    """One sample act file, or Invalid naming the file and the line that is wrong."""
    try:
        content = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"{path.name}: cannot read the file as UTF-8 text ({exc}).") from None
    head, separator, body = content.partition("\n---\n")
    if not separator:
        raise Invalid(f"{path.name}: no line of three dashes (---) after the header.")
    values: dict[str, str] = {}
    for line_no, line in enumerate(head.splitlines(), start=1):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        attribute = HEADER_KEYS.get(key.strip().lower())
        if not colon or attribute is None:
            known = ", ".join(k.capitalize() for k in HEADER_KEYS)
            raise Invalid(f"{path.name}, line {line_no}: expected one of {known}, then ':'.")
        values[attribute] = value.strip()
    missing = [name for name in REQUIRED if not values.get(name)]
    if missing:
        raise Invalid(f"{path.name}: the header lacks {', '.join(missing)}.")
    return ActFile(
        path=path,
        number=values["number"],
        act_type=values["act_type"],
        language=values["language"],
        title=values["title"],
        text=body,
        sector=values.get("sector") or None,
        legal_basis=values.get("legal_basis", ""),
        other_titles={
            lang: values[f"title_{lang}"]
            for lang in ("en", "ru", "kk")
            if values.get(f"title_{lang}")
        },
    )
