from django.http import JsonResponse
from django.views.decorators.http import require_safe

from .jsonresume import json_resume


@require_safe
def cv_json(request):
    """The CV as JSON Resume, with the portfolio's extension (see jsonresume.py)."""
    document = json_resume(request.build_absolute_uri)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'inline; filename="cv.json"'
    return response
