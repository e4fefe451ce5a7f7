from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse

from portfolio.core.views import read_only
from portfolio.media.streaming import in_chunks

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
