"""In-portal notices: a small generic service any app can use to tell users something."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Notice


@transaction.atomic
def notice_send(*, users, title: str, body: str = "", url: str = "", dedupe_key: str = "") -> list[Notice]:
    """Create one notice per user. With a `dedupe_key`, a user who already has it gets nothing new.

    Returns the notices created (not the ones skipped), so callers know who was really told.
    """
    users = [u for u in users if u is not None]
    if not users:
        return []
    if dedupe_key:
        already = set(
            Notice.objects.filter(user__in=users, dedupe_key=dedupe_key).values_list("user_id", flat=True)
        )
        users = [u for u in users if u.pk not in already]
    seen: set[int] = set()
    notices = []
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        notices.append(Notice(user=user, title=title[:200], body=body, url=url[:300], dedupe_key=dedupe_key))
    return Notice.objects.bulk_create(notices, ignore_conflicts=bool(dedupe_key)) if notices else []


def coordinators_email(*, subject: str, body: str, district_ids=None) -> list[str]:
    """E-mail the coordinators of the given districts (all districts when None) about a failed job.

    The one path for "a job failed, tell the office": a failed roll-up, a failed or missing backup.
    Sent without raising (the caller has already recorded the failure). Returns the addresses.
    """
    from directory.models import Membership, Role

    members = Membership.objects.filter(role=Role.COORDINATOR).exclude(user__email="")
    if district_ids is not None:
        members = members.filter(unit_id__in=list(district_ids))
    emails = sorted(set(members.values_list("user__email", flat=True)))
    if emails:
        EmailMessage(subject=subject, body=body, to=emails).send(fail_silently=True)
    return emails


def notices_unread(user) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user, read_at__isnull=True).order_by("-created_at", "-pk")


def notice_mark_read(*, user, notice_id: int) -> bool:
    """Mark one of the user's notices read (conditional update: a second click changes nothing)."""
    return Notice.objects.filter(pk=notice_id, user=user, read_at__isnull=True).update(read_at=timezone.now()) == 1


UNREAD_SESSION_KEY = "notice_unread"


def unread_count_for(request) -> int:
    """Unread notices as last counted for this session (on the home page), for the navigation.

    The navigation is on every page; reading the count from the session keeps it free of queries.
    """
    session = getattr(request, "session", None)
    return int(session.get(UNREAD_SESSION_KEY, 0)) if session is not None else 0


def unread_count_remember(request, count: int) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.get(UNREAD_SESSION_KEY) != count:
        session[UNREAD_SESSION_KEY] = count
