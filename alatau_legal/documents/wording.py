"""The words of the documents, in the language of the text each one carries.

A document is written in its act's language (or its meeting's), never in the reader's interface
language, so its words are not the interface's message catalogue: they are this module's table,
one entry per phrase in kk, ru and en, the forms a legal secretary in Alatau would type. Long
dates ("8 мая 2026 года", "2026 жылғы 8 мамыр", "8 May 2026") and the act-type line above a
title ("ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН") live here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

LANGUAGES = ("kk", "ru", "en")

_RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря")  # fmt: skip
_KK_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
              "қыркүйек", "қазан", "қараша", "желтоқсан")  # fmt: skip
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip


def long_date(day: date, language: str) -> str:
    """A date as a document writes it: 8 мая 2026 года, 2026 жылғы 8 мамыр, 8 May 2026."""
    if language == "ru":
        return f"{day.day} {_RU_MONTHS[day.month - 1]} {day.year} года"
    if language == "kk":
        return f"{day.year} жылғы {day.day} {_KK_MONTHS[day.month - 1]}"
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


# Every phrase a document prints, by key: (kk, ru, en). `{...}` fields are filled by `term`.
_TERMS: dict[str, tuple[str, str, str]] = {
    # the official draft
    "draft_mark": ("ЖОБА", "ПРОЕКТ", "DRAFT"),
    "footer": (
        "{number} · {version}-нұсқа, {date} · {status}",
        "{number} · версия {version} от {date} · {status}",
        "{number} · version {version} of {date} · {status}",
    ),
    # act statuses, for the footer line only
    "status_drafting": ("әзірленуде", "разработка", "drafting"),
    "status_domestic_review": ("ішкі сараптамада", "внутренняя экспертиза", "domestic review"),
    "status_international_review": (
        "халықаралық сараптамада",
        "международная экспертиза",
        "international review",
    ),
    "status_committee_review": (
        "Операциялық комитетте қаралуда",
        "на рассмотрении Операционного комитета",
        "before the Operational Committee",
    ),
    "status_approved": ("мақұлданды", "одобрен", "approved"),
    "status_withdrawn": ("кері қайтарылды", "отозван", "withdrawn"),
    # the comparison table
    "comparison_title": ("Салыстырмалы кесте", "Сравнительная таблица", "Comparison table"),
    "comparison_subtitle": (
        "{title} жобасының {old}- және {new}-нұсқаларына",
        "к версиям {old} и {new} проекта {title}",
        "of versions {old} and {new} of the draft {title}",
    ),
    "col_number": ("Р/с №", "№ п/п", "No."),
    "col_element": ("Құрылымдық элемент", "Структурный элемент", "Structural element"),
    "col_version": ("{n}-нұсқаның редакциясы", "Редакция версии {n}", "Wording of version {n}"),
    "col_proposed": ("Ұсынылып отырған редакция", "Предлагаемая редакция", "Proposed wording"),
    "col_justification": ("Негіздеме", "Обоснование", "Justification"),
    "absent": ("Жоқ", "Отсутствует", "None"),
    "no_changes": (
        "Нұсқалардың редакциясы бірдей.",
        "Редакция версий совпадает.",
        "The two versions have the same wording.",
    ),
    "moved": ("Орны ауыстырылды.", "Перенесено.", "Moved."),
    # dispositions
    "disposition_accepted": ("Қабылданды", "Принято", "Accepted"),
    "disposition_partly_accepted": ("Ішінара қабылданды", "Принято частично", "Partly accepted"),
    "disposition_rejected": ("Қабылданбады", "Не принято", "Rejected"),
    "disposition_noted": ("Назарға алынды", "Принято к сведению", "Noted"),
    "no_disposition": ("Жауап берілмеген", "Ответ не дан", "Not yet answered"),
    "outdated": (
        "(ескертпеден кейін редакция өзгерді)",
        "(редакция изменилась после замечания)",
        "(the wording has changed since)",
    ),
    # the comments table of a round
    "comments_title": (
        "Ескертулер мен ұсыныстардың жиынтық кестесі",
        "Сводная таблица замечаний и предложений",
        "Table of comments and dispositions",
    ),
    "round_domestic": (
        "ішкі сараптама, {version}-нұсқа",
        "внутренняя экспертиза, версия {version}",
        "domestic review, version {version}",
    ),
    "round_international": (
        "халықаралық сараптама, {version}-нұсқа",
        "международная экспертиза, версия {version}",
        "international review, version {version}",
    ),
    "col_organisation": ("Ұйым", "Организация", "Organisation"),
    "col_provision": ("Құрылымдық элемент", "Структурный элемент", "Provision"),
    "col_comment": ("Ескерту", "Замечание", "Comment"),
    "col_disposition": ("Әзірлеушінің шешімі", "Решение разработчика", "Disposition"),
    "col_reason": ("Себебі", "Обоснование", "Reason"),
    "no_comments": (
        "Осы сараптамада ескертулер берілмеді.",
        "Замечаний в ходе этой экспертизы не поступило.",
        "No comments were made in this round.",
    ),
    "reply_by": ("{who} жауабы ({date})", "Ответ {who} ({date})", "Reply by {who} ({date})"),
    # minutes
    "minutes_title": ("ХАТТАМА", "ПРОТОКОЛ", "MINUTES"),
    "minutes_subtitle": (
        "Алатау қаласы Операциялық комитетінің отырысы",
        "заседания Операционного комитета города Алатау",
        "of the meeting of the Operational Committee of Alatau City",
    ),
    "place": ("Өтетін орны", "Место проведения", "Place"),
    "time": ("Уақыты", "Время", "Time"),
    "present": ("Қатысқандар", "Присутствовали", "Present"),
    "nobody_recorded": (
        "Қатысу белгіленбеген.",
        "Явка не отмечена.",
        "Attendance was not recorded.",
    ),
    "agenda": ("КҮН ТӘРТІБІ", "ПОВЕСТКА ДНЯ", "AGENDA"),
    "empty_agenda": (
        "Күн тәртібінде акт жоқ.",
        "В повестке дня актов нет.",
        "No act was on the agenda.",
    ),
    "agenda_item": (
        "{title} ({number}, {version}-нұсқа)",
        "{title} ({number}, версия {version})",
        "{title} ({number}, version {version})",
    ),
    "decided": ("ШЕШІЛДІ", "РЕШИЛИ", "DECIDED"),
    "decision_approve": ("Актіні мақұлдау.", "Одобрить акт.", "To approve the act."),
    "decision_return": (
        "Актіні пысықтауға қайтару.",
        "Вернуть акт на доработку.",
        "To return the act for revision.",
    ),
    "decision_postpone": (
        "Мәселені қарауды кейінге қалдыру.",
        "Отложить рассмотрение вопроса.",
        "To postpone the item.",
    ),
    "no_decision": ("Шешім қабылданбады.", "Решение не принято.", "No decision was taken."),
    "removal_moved": (
        "Мәселе {date} отырысына ауыстырылды.",
        "Вопрос перенесён на заседание {date}.",
        "The item was moved to the meeting of {date}.",
    ),
    "removal_taken_off": (
        "Мәселе күн тәртібінен алынды.",
        "Вопрос снят с повестки дня.",
        "The item was taken off the agenda.",
    ),
    "removal_act_withdrawn": (
        "Мәселе күн тәртібінен алынды: акт кері қайтарылып алынды.",
        "Вопрос снят с повестки дня: акт отозван.",
        "The item was taken off the agenda: the act was withdrawn.",
    ),
    "removal_act_returned": (
        "Мәселе күн тәртібінен алынды: акт пысықтауға қайтарылды.",
        "Вопрос снят с повестки дня: акт возвращён на доработку.",
        "The item was taken off the agenda: the act was returned to drafting.",
    ),
    "removal_reason": ("Себебі: {reason}", "Причина: {reason}", "Reason: {reason}"),
    "votes": (
        "Дауыс берілді: «жақтап» — {for_}, «қарсы» — {against}, «қалыс қалды» — {abstain}.",
        "Голосовали: «за» — {for_}, «против» — {against}, «воздержались» — {abstain}.",
        "Votes: for — {for_}, against — {against}, abstained — {abstain}.",
    ),
    "chair": (
        "Операциялық комитеттің төрағасы",
        "Председатель Операционного комитета",
        "Chair of the Operational Committee",
    ),
    "secretary": (
        "Операциялық комитеттің хатшысы",
        "Секретарь Операционного комитета",
        "Secretary of the Operational Committee",
    ),
}

_INDEX = {language: index for index, language in enumerate(LANGUAGES)}


def term(key: str, language: str, **fields: object) -> str:
    """The phrase `key` in `language` (kk, ru, en), with its `{fields}` filled in."""
    phrase = _TERMS[key][_INDEX[language]]
    return phrase.format(**fields) if fields else phrase


def known_terms() -> Mapping[str, tuple[str, str, str]]:
    """Every phrase in every language (for the tests that check none is left in English)."""
    return _TERMS


# --- the act-type line above a title --------------------------------------------------------

# The line as published for acts of the Republic's bodies: (kk, ru, en).
_STATE_ACT_LINES: dict[str, tuple[str, str, str]] = {
    "constitutional_law": (
        "ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ КОНСТИТУЦИЯЛЫҚ ЗАҢЫ",
        "КОНСТИТУЦИОННЫЙ ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН",
        "CONSTITUTIONAL LAW OF THE REPUBLIC OF KAZAKHSTAN",
    ),
    "law": (
        "ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ ЗАҢЫ",
        "ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН",
        "LAW OF THE REPUBLIC OF KAZAKHSTAN",
    ),
    "decree": (
        "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ ҮКІМЕТІНІҢ ҚАУЛЫСЫ",
        "ПОСТАНОВЛЕНИЕ ПРАВИТЕЛЬСТВА РЕСПУБЛИКИ КАЗАХСТАН",
        "RESOLUTION OF THE GOVERNMENT OF THE REPUBLIC OF KAZAKHSTAN",
    ),
}
# The kind of act of Alatau's own bodies, printed under the issuing body: (kk, ru, en).
_OWN_ACT_KINDS: dict[str, tuple[str, str, str]] = {
    "regulation": ("ҚАУЛЫ", "ПОСТАНОВЛЕНИЕ", "REGULATION"),
    "order": ("БҰЙРЫҚ", "ПРИКАЗ", "ORDER"),
    "rules": ("ҚАҒИДАЛАР", "ПРАВИЛА", "RULES"),
}
# The issuing body of each type of Alatau's own acts, unless the settings name another
# (`DOCUMENT_ISSUING_BODIES`, by act type and language).
DEFAULT_ISSUING_BODIES: dict[str, dict[str, str]] = {
    act_type: {
        "kk": "Алатау қаласының басқармасы",
        "ru": "Управление города Алатау",
        "en": "Alatau City Authority",
    }
    for act_type in _OWN_ACT_KINDS
}


def act_type_lines(
    act_type: str, language: str, bodies: Mapping[str, Mapping[str, str]] | None = None
) -> list[str]:
    """The lines above an act's title, in capitals as published: the act's type for the
    Republic's acts, the issuing body and then the kind of act for Alatau's own."""
    if act_type in _STATE_ACT_LINES:
        return [_STATE_ACT_LINES[act_type][_INDEX[language]]]
    body = ((bodies or {}).get(act_type) or DEFAULT_ISSUING_BODIES.get(act_type) or {}).get(
        language, ""
    )
    kind = _OWN_ACT_KINDS.get(act_type, ("", "", ""))[_INDEX[language]]
    return [line.upper() for line in (body, kind) if line]


def quote(text: str, language: str) -> str:
    """A title in the quotation marks of the language: «...» for kk and ru, “...” for en."""
    return f"«{text}»" if language in ("kk", "ru") else f"“{text}”"
