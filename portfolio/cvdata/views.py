from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse

from portfolio.core.views import read_only
from portfolio.media.streaming import in_chunks

from .fixtures import export_fixture
from .jsonresume import json_resume


@read_only
def cv_json(request):
    """The CV as JSON Resume, with the portfolio's extension (see jsonresume.py),
    sent as it is encoded."""
    document = json_resume(request.build_absolute_uri)
    encoder = DjangoJSONEncoder(ensure_ascii=False, indent=2)
    response = StreamingHttpResponse(
        in_chunks(encoder.iterencode(document)), content_type="application/json"
    )
    response["Content-Disposition"] = 'inline; filename="cv.json"'
    return response


def export_cv(request):
    """The CV fixture (what `manage.py export_cv` writes), to download: it holds
    private details too, so only a superuser may take it."""
    if not request.user.is_superuser:
        raise PermissionDenied
    response = HttpResponse(export_fixture(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cv.json"'
    response["Cache-Control"] = "private, no-store"
    return response
