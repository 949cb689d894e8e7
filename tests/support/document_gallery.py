"""Every document for one act in each of kk, ru and en, built through the services as users
would: an act reviewed once (comments answered, one of them leading to a new article 3-1),
revised, and a meeting whose minutes are kept in that language.

`build_gallery()` returns the DOCX files by name (`ru-draft`, `kk-comparison`, ...); the tests
convert them to PDF and check them, and `python -m tests.support.document_gallery OUT` (`make
docs-gallery`) writes the PDFs and a PNG of each first page for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from alatau_legal.acts import services as acts
from alatau_legal.acts.models import ActStatus
from alatau_legal.committee import services as committee
from alatau_legal.documents import services as documents
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.workflow import Action
from alatau_legal.timeutil import utcnow
from tests.support.workflow_states import Cast, drive, move, plan

KINDS = ("draft", "comparison", "tracked", "commented", "comments", "minutes")

# Per language: title, act type, the words of the text, a comment on a word, a comment on
# article 3 (answered by adding article 3-1), dispositions' reasons.
ACTS = {
    "ru": {
        "title": "О специальном правовом режиме технологического парка Alatau City",
        "act_type": "law",
        "chapter": "Глава {n}. {title}",
        "chapters": ("Общие положения", "Порядок деятельности"),
        "article": "Статья {n}. {title}",
        "article_title": "Полномочия органа управления номер {n}",
        "paragraph": "{n}. Орган управления рассматривает заявление в течение {days} рабочих "
        "дней со дня его поступления и уведомляет заявителя о принятом решении.",
        "subparagraphs": ("1) выдает разрешения;", "2) ведет реестр участников;"),
        "part": "Решение органа управления может быть обжаловано в суд.",
        "note": "Примечание. Рабочие дни исчисляются по календарю Республики Казахстан.",
        "new_article": "Статья 3-1. Сроки\n1. Сроки, установленные настоящим Законом, "
        "исчисляются в рабочих днях.",
        "days": ("десяти", "двадцати"),
        "comment_word": "Срок в десять дней слишком короткий.",
        "comment_article": "Предлагаем отдельно определить порядок исчисления сроков.",
        "reason_word": "Срок увеличен до двадцати дней.",
        "reason_article": "Дополнено статьей 3-1.",
        "meeting": "Заседание Операционного комитета № 5",
        "place": "г. Алатау, здание Операционного комитета, зал 1",
        "notes": "Уточнить порядок исчисления сроков в главе II.",
    },
    "kk": {
        "title": "Alatau City технологиялық паркінің арнаулы құқықтық режимі туралы",
        "act_type": "law",
        "chapter": "{n}-тарау. {title}",
        "chapters": ("Жалпы ережелер", "Қызмет тәртібі"),
        "article": "{n}-бап. {title}",
        "article_title": "Басқару органының {n}-өкілеттігі",
        "paragraph": "{n}. Басқару органы өтінішті ол түскен күннен бастап {days} жұмыс күні "
        "ішінде қарайды және өтініш берушіге қабылданған шешім туралы хабарлайды.",
        "subparagraphs": ("1) рұқсаттар береді;", "2) қатысушылар тізілімін жүргізеді;"),
        "part": "Басқару органының шешіміне сотқа шағым жасалуы мүмкін.",
        "note": "Ескерту. Жұмыс күндері Қазақстан Республикасының күнтізбесі бойынша есептеледі.",
        "new_article": "3-1-бап. Мерзімдер\n1. Осы Заңда белгіленген мерзімдер жұмыс күндерімен "
        "есептеледі.",
        "days": ("он", "жиырма"),
        "comment_word": "Он күн мерзімі тым қысқа.",
        "comment_article": "Мерзімдерді есептеу тәртібін жеке белгілеуді ұсынамыз.",
        "reason_word": "Мерзім жиырма күнге дейін ұзартылды.",
        "reason_article": "3-1-баппен толықтырылды.",
        "meeting": "Операциялық комитеттің № 5 отырысы",
        "place": "Алатау қ., Операциялық комитет ғимараты, 1-зал",
        "notes": "II тараудағы мерзімдерді есептеу тәртібін нақтылау.",
    },
    "en": {
        "title": "Rules for the Alatau City technology park",
        "act_type": "rules",
        "chapter": "Chapter {n}. {title}",
        "chapters": ("General provisions", "Procedure"),
        "article": "Article {n}. {title}",
        "article_title": "Powers of the Authority, item {n}",
        "paragraph": "{n}. The Authority considers an application within {days} business days "
        "of its receipt and notifies the applicant of the decision taken.",
        "subparagraphs": ("1) issues permits;", "2) keeps the register of participants;"),
        "part": "A decision of the Authority may be appealed to the court.",
        "note": "Note. Business days are counted by the calendar of the Republic of Kazakhstan.",
        "new_article": "Article 3-1. Time limits\n1. The time limits of these Rules are counted "
        "in business days.",
        "days": ("ten", "twenty"),
        "comment_word": "Ten days is too short.",
        "comment_article": "We propose to set out how time limits are counted.",
        "reason_word": "Extended to twenty days.",
        "reason_article": "Article 3-1 added.",
        "meeting": "5th meeting of the Operational Committee",
        "place": "Alatau City, Operational Committee building, hall 1",
        "notes": "Clarify how time limits are counted in Chapter II.",
    },
}
ARTICLES = 16  # enough rows for the comparison table to run onto a second page


def act_text(language: str, revised: bool) -> str:
    """The act's text; the revision changes a word in every article from the fourth on, drops
    a sub-paragraph and adds article 3-1 after article 3."""
    words = ACTS[language]
    lines: list[str] = []
    for n in range(1, ARTICLES + 1):
        if n in (1, ARTICLES // 2 + 1):
            chapter = 1 if n == 1 else 2
            number = "I" if chapter == 1 else "II"
            lines += [words["chapter"].format(n=number, title=words["chapters"][chapter - 1]), ""]
        lines.append(words["article"].format(n=n, title=words["article_title"].format(n=n)))
        days = words["days"][1 if revised and (n == 2 or n >= 4) else 0]
        lines.append(words["paragraph"].format(n=1, days=days))
        lines.append(words["paragraph"].format(n=2, days=words["days"][0]))
        subparagraphs = words["subparagraphs"][:1] if revised and n == 2 else words["subparagraphs"]
        lines += list(subparagraphs)
        lines += ["", words["part"]]
        if n == 1:
            lines += ["", words["note"]]
        lines.append("")
        if n == 3 and revised:
            lines += [words["new_article"], ""]
    return "\n".join(lines)


def build_gallery() -> dict[str, bytes]:
    """The DOCX of every document for one act in each language (in an app context with an
    empty database)."""
    cast = Cast.create()
    files: dict[str, bytes] = {}
    for language, words in ACTS.items():
        act, _ = acts.create_act(
            cast.drafter, title=words["title"], act_type=words["act_type"], language=language,
            text=act_text(language, revised=False), max_chars=10**6,
        )  # fmt: skip
        db.session.commit()
        plan(cast, act, "domestic")
        move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
        on_word = review.add_comment(
            cast.domestic, act.id, version=1, eid="art_2__para_1", body=words["comment_word"],
            quote=words["days"][0],
        )  # fmt: skip
        on_article = review.add_comment(
            cast.domestic, act.id, version=1, eid="art_3", body=words["comment_article"]
        )
        review.reply(cast.drafter, on_word.id, words["reason_word"])
        review.dispose(
            cast.drafter, on_word.id, disposition="accepted", reason=words["reason_word"]
        )
        review.dispose(
            cast.drafter, on_article.id, disposition="partly_accepted",
            reason=words["reason_article"],
        )  # fmt: skip
        move(cast, act, Action.RETURN_TO_DRAFTING)
        acts.save_version(
            cast.drafter, act.id, base_version=1, text=act_text(language, revised=True),
            note="", max_chars=10**6,
        )  # fmt: skip
        db.session.commit()
        (first_round,) = review.list_rounds(cast.drafter, act)
        exports = {
            "draft": documents.official_draft(cast.drafter, act.id, 2),
            "comparison": documents.comparison_docx(cast.drafter, act.id, 1, 2),
            "tracked": documents.comparison_docx(cast.drafter, act.id, 1, 2, tracked=True),
            "commented": documents.official_draft(cast.drafter, act.id, 1, with_comments=True),
            "comments": documents.round_comments(cast.secretary, first_round.id),
        }
        in_committee = drive(cast, ActStatus.COMMITTEE_REVIEW)
        meeting = committee.create_meeting(
            cast.secretary, day=utcnow().date(), title=words["meeting"], language=language
        )
        if hasattr(meeting, "place"):  # time and place come with another change
            meeting.place = words["place"]
        item = committee.add_agenda_item(cast.secretary, meeting.id, in_committee.id)
        committee.set_attendance(cast.secretary, meeting.id, ["committee-member"])
        committee.decide(
            cast.secretary, meeting.id, item.id, decision="return",
            votes={"for": 1, "against": 0, "abstain": 0}, notes=words["notes"],
        )  # fmt: skip
        db.session.commit()
        exports["minutes"] = documents.meeting_minutes(cast.secretary, meeting.id)
        for kind, file in exports.items():
            files[f"{language}-{kind}"] = file.data
    return files


def to_pdf(folder: Path, files: dict[str, bytes]) -> dict[str, Path]:
    """Each DOCX written to `folder` and converted to PDF by LibreOffice in one run."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is missing: `make libreoffice` installs it")
    for name, data in files.items():
        (folder / f"{name}.docx").write_bytes(data)
    result = subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         *sorted(str(folder / f"{name}.docx") for name in files)],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "HOME": str(folder)},
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return {name: folder / f"{name}.pdf" for name in files}


def main(out: Path) -> None:
    from flask_migrate import upgrade

    from alatau_legal import create_app
    from config import TestingConfig

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as instance:
        os.environ["ALATAU_INSTANCE_DIR"] = instance
        config = TestingConfig()
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{instance}/gallery.sqlite3"
        config.INSTANCE_DIR = instance
        app = create_app(config)
        with app.app_context():
            upgrade()
            files = build_gallery()
            db.engine.dispose()
    pdfs = to_pdf(out, files)
    for name, pdf in pdfs.items():
        (out / f"{name}.docx").unlink()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(out / name)],
            check=True,
        )  # fmt: skip
        print(f"Wrote {pdf} and {out / name}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs-gallery"))
