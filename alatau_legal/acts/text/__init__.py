"""The text of an act: structured plain text parsed into a provision tree, and rendered back."""

from .eids import FlatProvision, assign_eids, flatten
from .labels import label_for_eid, provision_label
from .model import Kind, ParsedText, ParseIssue, Provision
from .parser import parse
from .render import render

__all__ = [
    "FlatProvision",
    "Kind",
    "ParseIssue",
    "ParsedText",
    "Provision",
    "assign_eids",
    "flatten",
    "label_for_eid",
    "parse",
    "provision_label",
    "render",
]
