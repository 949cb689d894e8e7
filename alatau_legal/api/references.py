"""References (API.md "References"): what a version cites, what cites a provision, renumbering."""

from __future__ import annotations

from flask import jsonify, request
from pydantic import Field

from ..acts import services
from ..extensions import db
from ..http import query_int
from . import api_user, bp
from .parsing import Body, DbInt, json_body


class Renumber(Body):
    base_version: DbInt = Field(ge=1)
    note: str = Field(default="", max_length=1000)


def reference_json(row) -> dict:
    return {
        "eid": row.source_eid,
        "text": row.text,
        "target": row.target_eid,
        "targets": list(row.targets or []),
        "external": row.external,
        "external_iri": row.external_iri,
        "status": row.status,
    }


@bp.get("/acts/<int:act_id>/versions/<int:number>/references")
def version_references(act_id: int, number: int):
    act = services.get_act(api_user(), act_id)
    rows = services.version_references(
        api_user(), act, number, request.args.get("language") or None
    )
    return jsonify({"items": [reference_json(row) for row in rows], "total": len(rows)})


@bp.get("/acts/<int:act_id>/provisions/<eid>/referrers")
def provision_referrers(act_id: int, eid: str):
    act = services.get_act(api_user(), act_id)
    rows = services.provision_referrers(
        api_user(),
        act,
        eid,
        query_int("version", default=act.current_version),
        request.args.get("language") or None,
    )
    return jsonify(
        {
            "items": [{"eid": row.source_eid, "text": row.text} for row in rows],
            "total": len(rows),
        }
    )


@bp.post("/acts/<int:act_id>/renumber")
def renumber(act_id: int):
    body = json_body(Renumber)
    result = services.renumber_act(
        api_user(), act_id, base_version=body.base_version, note=body.note
    )
    db.session.commit()
    return jsonify(
        {
            "number": result.version.number,
            "renumbered": [
                {"old_eid": old, "new_eid": new} for old, new in result.renumbered.items()
            ],
            "rewritten": result.rewritten,
        }
    ), 201
