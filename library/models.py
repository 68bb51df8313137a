"""The document library: every document that directs or reports the work, as one record.

A directive the steering committee follows up (directives app), a plan, a decision, a roll-up the
portal printed: each is one `Document` with its versions (`DocumentVersion`: the file as received,
the text extracted from it and where that text came from). Other apps point at `Document`; they
never keep a second copy of a document's number, date or file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """Kinds of administrative and party documents (NĐ 30/2020/NĐ-CP, HD 36-HD/VPTW), with the
    abbreviation used in the document symbol as the stored value."""

    RESOLUTION = "NQ", _("Nghị quyết")
    DIRECTIVE = "CT", _("Chỉ thị")
    CONCLUSION = "KL", _("Kết luận")
    NOTICE = "TB", _("Thông báo")
    PLAN = "KH", _("Kế hoạch")
    DECISION = "QĐ", _("Quyết định")
    REPORT = "BC", _("Báo cáo")
    GUIDANCE = "HD", _("Hướng dẫn")
    PROGRAMME = "CTr", _("Chương trình")
    OFFICIAL_LETTER = "CV", _("Công văn")
    OTHER = "", _("Văn bản khác")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Mọi người dùng cổng")
    UNITS = "units", _("Chỉ các đơn vị được chọn")


def version_file_path(instance: DocumentVersion, filename: str) -> str:
    return f"thu-vien/{instance.document.owner_id}/{instance.document_id}/{filename}"


class Document(models.Model):
    """One document: its metadata as printed in its header, who owns it and who may see it."""

    owner = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("đơn vị lưu giữ"), on_delete=models.PROTECT,
        related_name="library_documents",
        help_text=_("Đơn vị có thư viện giữ văn bản (đơn vị điều phối hoặc xã)."))
    kind = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentKind.choices, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True,
                              help_text=_("Ví dụ “422-TB/HU”."))
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    issuing_unit = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("địa bàn của cơ quan ban hành"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+")
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    subject = models.TextField(_("trích yếu"), max_length=1000)
    period_start = models.DateField(_("kỳ từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("kỳ đến ngày"), null=True, blank=True)
    visibility = models.CharField(_("ai được xem"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    visible_to = models.ManyToManyField(
        "directory.AdministrativeUnit", verbose_name=_("các đơn vị được xem"), blank=True, related_name="+")
    communes = models.ManyToManyField(
        "directory.AdministrativeUnit", verbose_name=_("xã liên quan"), blank=True, related_name="+")
    villages = models.ManyToManyField(
        "directory.AdministrativeUnit", verbose_name=_("thôn, tổ dân phố liên quan"), blank=True, related_name="+")
    criteria = models.ManyToManyField("criteria.Criterion", verbose_name=_("tiêu chí liên quan"), blank=True,
                                      related_name="library_documents")
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    # A document the portal prints on request (a criteria comparison) is kept once per identity
    # ("criteria-compare:<unit>:<set>:<date>:<date>"); its new prints become versions of it.
    generated_key = models.CharField(max_length=120, blank=True, editable=False)
    # A roll-up the portal printed appears in the library as a document of its own (one row per
    # roll-up version), pointing back at it.
    rollup = models.OneToOneField("reporting.RollUp", verbose_name=_("báo cáo tổng hợp tuần"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="library_document")
    # What search reads, folded (lower case, no diacritics: ntm_portal.text.fold), kept by the
    # services: the header (kind, number, subject, issuing body, signer) and the current text.
    search_head = models.TextField(editable=False, blank=True)
    search_body = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["owner", "kind", "issued_on"])]
        constraints = [models.UniqueConstraint(fields=["generated_key"], condition=~models.Q(generated_key=""),
                                               name="library_generated_key_unique")]

    def __str__(self) -> str:
        head = " ".join(part for part in (self.get_kind_display() if self.kind else "", self.number) if part)
        return f"{head} – {self.subject[:80]}" if head else self.subject[:80]

    @property
    def current_version(self) -> DocumentVersion | None:
        return self.versions.order_by("-number").first()


class TextSource(models.TextChoices):
    PDF_TEXT = "pdf", _("Lớp chữ của tệp PDF")
    DOCX = "docx", _("Tệp Word (DOCX)")
    XLSX = "xlsx", _("Tệp Excel (XLSX)")
    PLAIN = "text", _("Tệp văn bản thuần")
    OCR = "ocr", _("Nhận dạng chữ (OCR)")
    PASTED = "pasted", _("Người dùng dán vào")
    GENERATED = "generated", _("Cổng tự in")
    NONE = "", _("Chưa có chữ")


class DocumentVersion(models.Model):
    """One version of a document's file, kept as received, with the text read from it."""

    document = models.ForeignKey(Document, verbose_name=_("văn bản"), on_delete=models.CASCADE,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    file = models.FileField(_("tệp"), upload_to=version_file_path, max_length=255, blank=True)
    filename = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # For a printed document: the hash of the data printed (not of the file, which carries a print time).
    data_sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(_("nội dung chữ"), blank=True)
    text_source = models.CharField(_("nguồn nội dung chữ"), max_length=10, choices=TextSource.choices, blank=True)
    note = models.CharField(_("ghi chú phiên bản"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản văn bản")
        verbose_name_plural = _("phiên bản văn bản")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="library_version_unique")]

    def __str__(self) -> str:
        return f"{self.document} · v{self.number}"
