"""Acts and versions: create, list, read, save (merge or 409), compare, history, import."""

from __future__ import annotations

from typing import Literal

from flask import current_app, jsonify, request
from pydantic import Field

from ..acts import importing, services
from ..acts.compare import Change
from ..acts.text import FlatProvision
from ..errors import Invalid, UnsupportedType
from ..extensions import db
from ..http import query_int, query_page
from . import api_user, bp
from .parsing import Body, DbInt, json_body


class NewAct(Body):
    title: str = Field(min_length=1, max_length=500)
    act_type: Literal["constitutional_law", "law", "decree", "regulation", "order", "rules"]
    language: Literal["en", "ru", "kk"]
    text: str = Field(min_length=1)
    sector: str | None = None
    legal_basis: str = Field(default="", max_length=500)
    titles: dict[str, str] = Field(default_factory=dict)
    note: str = Field(default="", max_length=1000)


class NewVersion(Body):
    base_version: DbInt = Field(ge=1)
    text: str = Field(min_length=1)
    note: str = Field(default="", max_length=1000)


class Restore(Body):
    note: str = Field(default="", max_length=1000)


def act_json(act) -> dict:
    return {
        "id": act.id,
        "number": act.number,
        "title": act.title,
        "titles": act.titles,
        "act_type": act.act_type.value,
        "sector": act.sector.value,
        "legal_basis": act.legal_basis,
        "language": act.language.value,
        "status": act.status.value,
        "current_version": act.current_version,
        "deadline": act.deadline.isoformat() if act.deadline else None,
        "lead_drafter": act.lead_drafter.username,
        "created_at": act.created_at.isoformat(),
        "updated_at": act.updated_at.isoformat(),
    }


def version_summary_json(version) -> dict:
    return {
        "number": version.number,
        "author": version.author.username,
        "created_at": version.created_at.isoformat(),
        "note": version.note,
        "base_version": version.base_version,
        "merged": version.merged,
        "restored_from": version.restored_from,
        "provision_count": version.provision_count,
    }


def provision_json(row: FlatProvision) -> dict:
    return {
        "eid": row.eid,
        "kind": row.kind.value,
        "num": row.num,
        "heading": row.heading,
        "text": row.text,
        "parent": row.parent,
    }


def issues_json(issues) -> list[dict]:
    return [{"line": issue.line, "message": issue.message} for issue in issues]


def change_json(change: Change) -> dict:
    return {
        "eid": change.eid,
        "change": change.change,
        "old": provision_json(change.old) if change.old else None,
        "new": provision_json(change.new) if change.new else None,
        "diff": [list(pair) for pair in change.diff] if change.diff is not None else None,
    }


@bp.post("/acts")
def create_act():
    body = json_body(NewAct)
    act, issues = services.create_act(
        api_user(),
        title=body.title,
        act_type=body.act_type,
        language=body.language,
        text=body.text,
        sector=body.sector,
        legal_basis=body.legal_basis,
        other_titles=body.titles,
        note=body.note,
        max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
    )
    db.session.commit()
    return jsonify({**act_json(act), "issues": issues_json(issues)}), 201


@bp.get("/acts")
def list_acts():
    page, per_page = query_page()
    result = services.list_acts(
        api_user(),
        status=request.args.get("status") or None,
        act_type=request.args.get("act_type") or None,
        sector=request.args.get("sector") or None,
        q=request.args.get("q") or None,
        page=page,
        per_page=per_page,
    )
    return jsonify({"items": [act_json(act) for act in result.items], "total": result.total})


@bp.get("/acts/<int:act_id>")
def get_act(act_id: int):
    return jsonify(act_json(services.get_act(api_user(), act_id)))


@bp.get("/acts/<int:act_id>/versions")
def list_versions(act_id: int):
    act = services.get_act(api_user(), act_id)
    versions = services.list_versions(api_user(), act)
    return jsonify({"items": [version_summary_json(v) for v in versions], "total": len(versions)})


@bp.get("/acts/<int:act_id>/versions/<int:number>")
def get_version(act_id: int, number: int):
    act = services.get_act(api_user(), act_id)
    shown = services.get_version(api_user(), act, number)
    return jsonify(
        {
            **version_summary_json(shown.version),
            "text": shown.text,
            "provisions": [provision_json(row) for row in shown.flat],
        }
    )


@bp.post("/acts/<int:act_id>/versions")
def save_version(act_id: int):
    body = json_body(NewVersion)
    result = services.save_version(
        api_user(),
        act_id,
        base_version=body.base_version,
        text=body.text,
        note=body.note,
        max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
    )
    db.session.commit()
    return jsonify(
        {
            "number": result.version.number,
            "merged": result.merged,
            "issues": issues_json(result.issues),
            "references": result.references.as_json(),
        }
    ), 201


@bp.post("/acts/<int:act_id>/versions/<int:number>/restore")
def restore_version(act_id: int, number: int):
    body = json_body(Restore) if request.content_length else Restore()
    version = services.restore_version(api_user(), act_id, number, note=body.note)
    db.session.commit()
    return jsonify(version_summary_json(version)), 201


@bp.get("/acts/<int:act_id>/compare")
def compare(act_id: int):
    act = services.get_act(api_user(), act_id)
    if "from" not in request.args or "to" not in request.args:
        raise Invalid("Name both versions: ?from=A&to=B.", {"from": "Required.", "to": "Required."})
    old, new, changes = services.compare_versions(
        api_user(), act, query_int("from", default=1), query_int("to", default=1)
    )
    return jsonify(
        {
            "from": old.version.number,
            "to": new.version.number,
            "changes": [change_json(change) for change in changes],
        }
    )


@bp.get("/acts/<int:act_id>/provisions/<eid>/history")
def provision_history(act_id: int, eid: str):
    act = services.get_act(api_user(), act_id)
    entries = services.provision_history(api_user(), act, eid)
    return jsonify(
        {
            "items": [
                {
                    "version": entry.version.number,
                    "change": entry.change,
                    "author": entry.version.author.username,
                    "created_at": entry.version.created_at.isoformat(),
                    "note": entry.version.note,
                    "comment_ids": entry.comment_ids,
                    "provision": provision_json(entry.provision) if entry.provision else None,
                }
                for entry in entries
            ],
            "total": len(entries),
        }
    )


@bp.post("/acts/import")
def import_act():
    if not request.mimetype == "multipart/form-data":
        raise UnsupportedType("Upload the Word file as multipart/form-data with a 'file' field.")
    upload = request.files.get("file")
    if upload is None:
        raise Invalid("Attach the Word file in the 'file' field.", {"file": "Required."})
    form = request.form
    act, issues = importing.import_docx(
        api_user(),
        data=upload.read(current_app.config["MAX_CONTENT_LENGTH"] + 1),
        title=form.get("title", ""),
        act_type=form.get("act_type", ""),
        language=form.get("language", ""),
        sector=form.get("sector") or None,
        legal_basis=form.get("legal_basis", ""),
        max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
        max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
    )
    db.session.commit()
    return jsonify({**act_json(act), "issues": issues_json(issues)}), 201
