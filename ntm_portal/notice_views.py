from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .models import Notice
from .notices import notice_mark_read, notices_unread, unread_count_remember


@login_required
@require_POST
def notice_read(request, notice_id):
    """Mark the user's notice read and go where it points (another user's notice: 404)."""
    notice = Notice.objects.filter(pk=notice_id, user=request.user).first()
    if notice is None:
        raise Http404
    notice_mark_read(user=request.user, notice_id=notice.pk)
    unread_count_remember(request, notices_unread(request.user).count())
    target = notice.url if url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}) else "/"
    return redirect(target or "home")


@login_required
@require_GET
def notice_list(request):
    notices = list(Notice.objects.filter(user=request.user).order_by("-created_at", "-pk")[:100])
    unread_count_remember(request, sum(1 for n in notices if n.read_at is None))
    return TemplateResponse(request, "ntm_portal/notice_list.html", {"notices": notices})
