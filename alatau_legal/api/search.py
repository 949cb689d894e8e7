"""Search: `GET /search` and `GET /acts/{id}/occurrences` (API.md, Search)."""

from __future__ import annotations

from flask import jsonify, request, url_for

from ..acts import services as acts
from ..search import services as search
from . import api_user, bp


def _hit_json(hit: search.Hit) -> dict:
    item = {
        "act_id": hit.act.id,
        "act_number": hit.act.number,
        "version": hit.version,
        "eid": hit.eid,
        "snippet": str(hit.snippet),  # HTML: the text escaped, matched words in <mark>
        "score": hit.score,
        "kind": hit.kind,
        "versions": {"first": hit.first_version, "last": hit.last_version},
        "url": url_for("acts.show", number=hit.act.number, version=hit.version, _anchor=hit.eid),
    }
    if hit.comment_id is not None:
        item["comment_id"] = hit.comment_id
    return item


@bp.get("/search")
def search_acts():
    q, filters, page = search.read_request()
    results = search.search(api_user(), q, filters, page, count_by_act=True)
    return jsonify(
        total=results.total,
        page=results.page,
        per_page=results.per_page,
        items=[_hit_json(hit) for hit in results.hits],
        acts=[
            {"act_id": entry.act.id, "act_number": entry.act.number, "count": entry.count}
            for entry in results.acts
        ],
    )


@bp.get("/acts/<int:act_id>/occurrences")
def phrase_occurrences(act_id: int):
    act = acts.get_act(api_user(), act_id)
    found = search.occurrences(act, request.args.get("q", ""))
    return jsonify(
        phrase=found.phrase,
        items=[{"version": number, "eids": eids} for number, eids in found.versions.items()],
        first_version=found.first_version,
        removed_in=found.removed_in,
    )
