"""Demo data for the library: the five seed documents of library/demo_documents (a conclusion of
Di Linh's party committee in clean text and as an old scan's OCR, a Triệu Sơn notice, a directive
on model residential areas, Di Linh's plan 134-KH/HU), imported the way an office imports its
archive (importing.import_folder), and the roll-ups already printed. Idempotent."""

from __future__ import annotations

import dataclasses
import pathlib

from directory.models import AdministrativeUnit

from .importing import import_folder
from .models import Document
from .services import document_for_rollup

DEMO_FOLDER = pathlib.Path(__file__).resolve().parent / "demo_documents"


@dataclasses.dataclass
class LibrarySeed:
    documents: int = 0
    rollups: int = 0

    def __str__(self) -> str:
        return f"{self.documents} văn bản, {self.rollups} báo cáo tuần đưa vào thư viện"


def seed_library(*, district_code: str = "679") -> LibrarySeed:
    from reporting.models import RollUp
    from reporting.services import rollup_text

    result = LibrarySeed()
    district = AdministrativeUnit.objects.get(code=district_code)
    if not Document.objects.filter(owner=district, is_demo=True).exists():
        csv_bytes = (DEMO_FOLDER / "danh-muc.csv").read_bytes()
        documents = import_folder(folder=DEMO_FOLDER, csv_bytes=csv_bytes, owner=district, user=None, is_demo=True)
        result.documents = len(documents)
        _relate_model_area_directive(documents)
    # Roll-ups built before the library existed (those built since are added by rollup_build).
    for rollup in RollUp.objects.filter(status=RollUp.Status.READY, library_document__isnull=True).select_related(
            "district", "action_day"):
        with rollup.pdf.open("rb") as handle:
            document_for_rollup(rollup=rollup, text=rollup_text(handle.read()))
        result.rollups += 1
    return result


def _relate_model_area_directive(documents) -> None:
    """The directive on model residential areas (seed 003) concerns the criteria of the model
    residential area set (KDC-KIEU-MAU), when that set is loaded."""
    from criteria.models import Criterion

    from .services import document_update

    criteria = list(Criterion.objects.filter(criteria_set__code="KDC-KIEU-MAU").order_by("-criteria_set__version",
                                                                                          "number"))
    for document in documents:
        version = document.versions.order_by("number").first()
        if criteria and version is not None and version.filename.startswith("003"):
            set_id = criteria[0].criteria_set_id
            document_update(document=document, user=None,
                            data={"criteria": [c for c in criteria if c.criteria_set_id == set_id]})
