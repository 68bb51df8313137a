"""The district's draft review report (outline of Kế hoạch 134-KH/HU's đề cương) and the commendation list.

`review_outline(draft)` turns the data (`recognition.selectors.reviews.ReviewDraft`) into one list of blocks —
headings, paragraphs, tables; the editable DOCX (python-docx) and the PDF (the portal's document builder,
`ntm_portal.documents`) are both rendered from it, so both say the same words and numbers. The commendation
list is the annex of both, and a workbook of its own (`ntm_portal.workbooks`).
"""

from __future__ import annotations

import dataclasses
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import DocumentKind
from ntm_portal.workbooks import new_workbook, workbook_bytes, write_table
from reporting.formatting import vn_delta, vn_number

from .models import Commendation
from .selectors.reviews import ReviewDraft, same_period_last_year


@dataclasses.dataclass
class Block:
    kind: str  # "part", "h1", "h2", "p", "table"
    text: str = ""
    headers: list[str] = dataclasses.field(default_factory=list)
    rows: list[list[str]] = dataclasses.field(default_factory=list)
    key: str = ""


def _p(text):
    return Block("p", text)


def _unit_texts(draft: ReviewDraft, field: str, fallback: str) -> list[Block]:
    items = draft.texts.get(field) or []
    if not items:
        return [_p(fallback)]
    return [_p(f"- {unit}: {text}") for unit, text in items]


def programme_table(draft: ReviewDraft) -> Block:
    period = draft.review.period_label
    before = f"{same_period_last_year(draft.review.period_start):%d/%m/%Y} – " \
             f"{same_period_last_year(draft.review.period_end):%d/%m/%Y}"
    rows = [[str(c.label), str(c.unit), vn_number(c.current), vn_number(c.previous), vn_delta(c.delta)]
            for c in draft.changes]
    return Block("table", headers=[_("Nội dung"), _("Đơn vị tính"), _("Kỳ này (%(p)s)") % {"p": period},
                                   _("Cùng kỳ năm trước (%(p)s)") % {"p": before}, _("Tăng, giảm")],
                 rows=rows, key="programme")


def criteria_table(draft: ReviewDraft) -> Block:
    crit = draft.criteria
    rows = [[str(i), c.name, str(c.met) if c.assessed else "–", str(c.approaching) if c.assessed else "–",
             str(c.not_met) if c.assessed else "–", "–" if c.met_before is None else str(c.met_before), c.change_label]
            for i, c in enumerate(crit.communes, start=1)]
    return Block("table", headers=[_("TT"), _("Xã, thị trấn"), _("Tiêu chí đạt"), _("Tiêu chí gần đạt"),
                                   _("Tiêu chí chưa đạt"), _("Tiêu chí đạt tại mốc %(d)s") % {
                                       "d": draft.review.baseline_date.strftime("%d/%m/%Y")}, _("Tăng, giảm")],
                 rows=rows, key="criteria")


def funds_sentence(funds: dict) -> str:
    return _("Quỹ thôn, tổ dân phố huy động được %(c)s đồng (tiền %(m)s đồng, hiện vật %(k)s đồng, ngày công quy "
             "đổi %(l)s đồng – %(d)s ngày công); đã chi %(s)s đồng cho các công trình.") % {
        "c": vn_number(funds.get("contributions", 0)), "m": vn_number(funds.get("money", 0)),
        "k": vn_number(funds.get("in_kind", 0)), "l": vn_number(funds.get("labour", 0)),
        "d": vn_number(funds.get("working_days", 0)), "s": vn_number(funds.get("spending", 0))}


def areas_sentence(areas: dict) -> str:
    return _("Khu dân cư kiểu mẫu: %(m)s khu được công nhận, %(p)s khu đang xây dựng, %(l)s khu không giữ được "
             "danh hiệu.") % {"m": areas.get("model", 0), "p": areas.get("preparing", 0), "l": areas.get("lost", 0)}


def resources_blocks(draft: ReviewDraft) -> list[Block]:
    """Village funds and model residential areas: the district's sentences and the table per commune."""
    blocks = [_p(funds_sentence(draft.funds_total) if draft.funds is not None
                 else _("Chưa có số liệu quỹ thôn, tổ dân phố trên Cổng.")),
              _p(areas_sentence(draft.areas_total) if draft.areas is not None
                 else _("Chưa có số liệu khu dân cư kiểu mẫu trên Cổng."))]
    if draft.funds is None and draft.areas is None:
        return blocks
    funds, areas = draft.funds or {}, draft.areas or {}
    rows = []
    for i, (pk, name) in enumerate(draft.commune_names.items(), start=1):
        f_row, a_row = funds.get(pk, {}), areas.get(pk, {})
        rows.append([str(i), name, vn_number(f_row.get("contributions")), vn_number(f_row.get("spending")),
                     vn_number(f_row.get("working_days")), vn_number(a_row.get("model")),
                     vn_number(a_row.get("preparing")), vn_number(a_row.get("lost"))])
    blocks.append(Block("table", headers=[_("TT"), _("Xã, thị trấn"), _("Quỹ thôn huy động (đồng)"),
                                          _("Đã chi (đồng)"), _("Ngày công"), _("Khu dân cư kiểu mẫu"),
                                          _("Đang xây dựng"), _("Không giữ được")], rows=rows, key="resources"))
    return blocks


def commendation_rows(commendations: list[Commendation]) -> list[list[str]]:
    rows = []
    for i, c in enumerate(commendations, start=1):
        form = c.get_awarded_form_display() if c.awarded_form else c.get_proposed_form_display()
        decision = f"{c.decision.number} ({c.decision.date:%d/%m/%Y})" if c.decision_id else ""
        rows.append([str(i), c.nominee_name, str(c.get_kind_display()), c.proposer_name, c.achievements, str(form),
                     str(c.get_status_display()), decision])
    return rows


COMMENDATION_HEADERS = [gettext_lazy("TT"), gettext_lazy("Tập thể, cá nhân"), gettext_lazy("Đối tượng"),
                        gettext_lazy("Đơn vị đề nghị"), gettext_lazy("Thành tích"), gettext_lazy("Hình thức"),
                        gettext_lazy("Trạng thái"), gettext_lazy("Quyết định")]


def review_outline(draft: ReviewDraft) -> list[Block]:
    """The draft's blocks, in the order of the đề cương attached to Kế hoạch 134-KH/HU."""
    review, t, ly = draft.review, draft.programme.totals, draft.programme_last_year.totals
    crit = draft.criteria
    blocks = [
        Block("part", _("Phần thứ nhất")), Block("part", _("KẾT QUẢ TRIỂN KHAI THỰC HIỆN")),
        Block("h1", _("I. ĐẶC ĐIỂM TÌNH HÌNH")),
        _p(_("%(unit)s có %(n)d xã, thị trấn và %(a)d cơ quan, đơn vị tham gia; kỳ %(kind)s từ ngày %(p)s.") % {
            "unit": draft.district_name, "n": len(draft.commune_names), "a": len(draft.agencies),
            "kind": review.get_kind_display().lower(), "p": review.period_label.replace(" – ", " đến ngày ")}),
        *_unit_texts(draft, "situation", _("(Các đơn vị chưa báo cáo nội dung này.)")),
        Block("h1", _("II. KẾT QUẢ TRIỂN KHAI THỰC HIỆN")),
        Block("h2", _("1. Công tác lãnh đạo, chỉ đạo, triển khai thực hiện")),
        *_unit_texts(draft, "leadership", _("(Các đơn vị chưa báo cáo nội dung này.)")),
        Block("h2", _("2. Công tác quán triệt, tuyên truyền, vận động")),
        *_unit_texts(draft, "propaganda", _("(Các đơn vị chưa báo cáo nội dung này.)")),
        Block("h2", _("3. Kết quả thực hiện các nhiệm vụ")),
        Block("h2", _("3.1. Chương trình “Ngày thứ Bảy vì nông thôn mới, đô thị văn minh”")),
        _p(_("Trong kỳ có %(days)d ngày ra quân; %(res)s lượt người dân, %(hh)s lượt hộ tham gia (cùng kỳ năm trước: "
             "%(res_ly)s lượt người, %(hh_ly)s lượt hộ); %(staff)s lượt cán bộ cơ quan, đơn vị có mặt.") % {
            "days": draft.programme.action_days, "res": vn_number(t.residents), "hh": vn_number(t.households),
            "res_ly": vn_number(ly.residents), "hh_ly": vn_number(ly.households),
            "staff": vn_number(t.agency_staff_present)}),
        programme_table(draft),
        Block("h2", _("3.2. Kết quả thực hiện Bộ tiêu chí nông thôn mới")),
    ]
    if crit.comparison is None:
        blocks.append(_p(_("Chưa có bộ tiêu chí hoặc kết quả đánh giá cho kỳ này.")))
    else:
        if crit.note:
            blocks.append(_p(crit.note))
        blocks += [
            _p(_("Theo %(set)s (%(n)d tiêu chí), đến ngày %(end)s các xã đạt tổng cộng %(met)d lượt tiêu chí, "
                 "gần đạt %(ap)d, chưa đạt %(nm)d; số xã đạt đủ tiêu chí: %(after)d (tại mốc %(base)s: %(before)d).")
               % {"set": crit.set_name, "n": crit.total_criteria, "end": review.period_end.strftime("%d/%m/%Y"),
                  "met": crit.met, "ap": crit.approaching, "nm": crit.not_met, "after": crit.full_after,
                  "base": review.baseline_date.strftime("%d/%m/%Y"), "before": crit.full_before}),
            criteria_table(draft),
        ]
    blocks.append(Block("h2", _("3.3. Quỹ thôn, tổ dân phố và khu dân cư kiểu mẫu")))
    blocks += resources_blocks(draft)
    blocks += [
        Block("h2", _("3.4. Công tác thi đua, khen thưởng")),
        _p(_("Các cơ quan, đơn vị, địa phương đề nghị khen thưởng %(n)d tập thể, cá nhân; %(a)d được khen thưởng "
             "(danh sách tại Phụ lục I).") % {"n": len(draft.commendations), "a": len(draft.awarded)}),
        *_unit_texts(draft, "results", _("(Các đơn vị chưa báo cáo kết quả nhiệm vụ được giao.)")),
        Block("h1", _("II. ĐÁNH GIÁ CHUNG")),
        Block("h2", _("1. Kết quả đạt được")),
        *_unit_texts(draft, "achievements", _("(Các đơn vị chưa báo cáo nội dung này.)")),
        Block("h2", _("2. Tồn tại, hạn chế")),
        *_unit_texts(draft, "shortcomings", _("(Các đơn vị chưa báo cáo nội dung này.)")),
        Block("h2", _("3. Nguyên nhân (khách quan, chủ quan)")),
        *_unit_texts(draft, "causes", _("(Các đơn vị chưa báo cáo nội dung này.)")),
        Block("h1", _("III. BÀI HỌC KINH NGHIỆM")),
        *_unit_texts(draft, "lessons", _("(Các đơn vị chưa báo cáo nội dung này.)")),
        Block("part", _("Phần thứ hai")),
        Block("part", _("PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP TIẾP TỤC THỰC HIỆN TRONG THỜI GIAN TỚI")),
        Block("h1", _("I. DỰ BÁO TÌNH HÌNH")),
        *_unit_texts(draft, "outlook", _("(Các đơn vị chưa báo cáo nội dung này.)")),
        Block("h1", _("II. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")),
        Block("h2", _("1. Mục tiêu chung")), Block("h2", _("2. Mục tiêu cụ thể")),
        Block("h2", _("3. Nhiệm vụ, giải pháp")),
        *_unit_texts(draft, "directions", _("(Các đơn vị chưa báo cáo nội dung này.)")),
        Block("h1", _("III. KIẾN NGHỊ, ĐỀ XUẤT")),
        *_unit_texts(draft, "proposals", _("(Không có.)")),
        _p(_("Đã có %(f)d/%(n)d cơ quan, đơn vị, địa phương gửi báo cáo sơ kết (danh sách tại Phụ lục II).") % {
            "f": len(draft.filed), "n": len(draft.filings)}),
    ]
    return blocks


def filing_rows(draft: ReviewDraft) -> list[list[str]]:
    return [[str(i), x.unit_name, x.status_label + (_(" (trễ hạn)") if x.is_late else ""),
             x.submitted_at.strftime("%d/%m/%Y") if x.submitted_at else ""]
            for i, x in enumerate(draft.filings, start=1)]


FILING_HEADERS = [gettext_lazy("TT"), gettext_lazy("Cơ quan, đơn vị, địa phương"),
                  gettext_lazy("Tình hình gửi báo cáo"), gettext_lazy("Ngày gửi")]


def subject_of(draft: ReviewDraft) -> str:
    return _("%(title)s (dự thảo)") % {"title": draft.review.title}


# --- DOCX -----------------------------------------------------------------------------------------

def review_draft_docx(draft: ReviewDraft) -> bytes:
    """The editable draft (python-docx): header blocks, the outline, the two annexes."""
    from docx import Document as DocxDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from directory.selectors import issuer_of

    issuer = issuer_of(draft.review.district)
    doc = DocxDocument()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    head = doc.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "\n".join([issuer.parent_body, *issuer.body_lines]).strip()
    head.cell(0, 1).text = _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    for text in (_("BÁO CÁO"), subject_of(draft)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = True
    for block in review_outline(draft):
        _docx_block(doc, block, WD_ALIGN_PARAGRAPH)
    for title, headers, rows in _annexes(draft):
        doc.add_page_break()
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(title).bold = True
        _docx_table(doc, headers, rows)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_block(doc, block: Block, align) -> None:
    if block.kind == "part":
        p = doc.add_paragraph()
        p.alignment = align.CENTER
        p.add_run(block.text).bold = True
    elif block.kind == "h1":
        doc.add_heading(block.text, level=1)
    elif block.kind == "h2":
        doc.add_heading(block.text, level=2)
    elif block.kind == "table":
        _docx_table(doc, block.headers, block.rows)
    else:
        doc.add_paragraph(block.text)


def _docx_table(doc, headers, rows) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)


def _annexes(draft: ReviewDraft):
    return [
        (_("Phụ lục I. DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG"), [str(h) for h in COMMENDATION_HEADERS],
         commendation_rows(draft.commendations)),
        (_("Phụ lục II. TÌNH HÌNH GỬI BÁO CÁO SƠ KẾT"), [str(h) for h in FILING_HEADERS], filing_rows(draft)),
    ]


# --- PDF ------------------------------------------------------------------------------------------

def review_draft_pdf(draft: ReviewDraft) -> bytes:
    from ntm_portal.documents import document_for, render_document

    doc = document_for(unit=draft.review.district, kind=DocumentKind.REPORT, subject=subject_of(draft))
    doc.add_appendix("commendations", _("Danh sách tập thể, cá nhân đề nghị khen thưởng"), draft.review.title)
    doc.add_appendix("filings", _("Tình hình gửi báo cáo sơ kết"), draft.review.title)
    return render_document("recognition/pdf/review_draft.html", {
        "doc": doc, "ap": doc.appendices, "blocks": review_outline(draft), "draft": draft,
        "commendation_headers": [str(h) for h in COMMENDATION_HEADERS],
        "commendation_rows": commendation_rows(draft.commendations),
        "filing_headers": [str(h) for h in FILING_HEADERS], "filing_rows": filing_rows(draft)})


def commendation_list_pdf(review, commendations: list[Commendation]) -> bytes:
    from ntm_portal.documents import document_for, render_document

    doc = document_for(unit=review.district, kind=DocumentKind.LIST,
                       subject=_("Tập thể, cá nhân đề nghị khen thưởng: %(t)s") % {"t": review.title})
    return render_document("recognition/pdf/commendation_list.html", {
        "doc": doc, "review": review, "headers": [str(h) for h in COMMENDATION_HEADERS],
        "rows": commendation_rows(commendations)})


def commendation_list_xlsx(review, commendations: list[Commendation]) -> bytes:
    workbook = new_workbook(title=review.title)
    ws = workbook.create_sheet(_("Khen thưởng"))
    write_table(ws, title=_("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG"), subtitle=[review.title],
                headers=[str(h) for h in COMMENDATION_HEADERS], rows=commendation_rows(commendations),
                widths=[5, 32, 18, 24, 60, 28, 22, 22])
    return workbook_bytes(workbook)
