from portfolio.core.views import PublishedDetailView, PublishedListView

from .models import Talk


class TalkListView(PublishedListView):
    model = Talk
    context_object_name = "talks"


class TalkDetailView(PublishedDetailView):
    model = Talk
    context_object_name = "talk"
