from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from lianluo.notifications.selectors import my_messages
from lianluo.notifications.services import message_mark_read


@login_required
def inbox(request):
    page = Paginator(my_messages(viewer=request.user), 30).get_page(request.GET.get("page"))
    response = render(request, "notifications/inbox.html", {"page": page})
    for message in page:
        message_mark_read(actor=request.user, message=message)
    return response
