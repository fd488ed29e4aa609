from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from lianluo.audit.actions import ACTION_LABELS
from lianluo.audit.forms import AuditFilterForm
from lianluo.audit.selectors import AuditFilters, audit_list
from lianluo.core.access import can_read_audit


@login_required
def audit_log(request):
    if not can_read_audit(request.user):
        raise Http404("无权查看")
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilters(**form.cleaned_data) if form.is_valid() else AuditFilters()
    page = Paginator(audit_list(viewer=request.user, filters=filters), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request, "audit/audit_list.html", {"form": form, "page": page, "labels": ACTION_LABELS}
    )
