"""Template helpers shared by every app's templates."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from portfolio.core import registry

register = template.Library()


# Inside <script>, these characters could end the element or open markup.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(data) -> str:
    """A <script type="application/ld+json"> element that no data can break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just above
    )


@register.simple_tag(takes_context=True)
def query(context, base=None, **changes) -> str:
    """A link to ``base`` (the current page by default) with the current query string,
    some parameters changed; None or '' removes one."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = urlencode(sorted(params.items()))
    if not encoded:
        return base or context["request"].path
    return f"{base or ''}?{encoded}"


@register.simple_tag(takes_context=True)
def render_entry(context, content_type, entry) -> str:
    """One entry of a registered content type, in its type's list template."""
    template = context.template.engine.get_template(content_type.item_template)
    with context.push(**{content_type.item_name: entry}):
        return template.render(context)


@register.simple_tag
def feed_links() -> list[dict[str, str]]:
    """The registered feeds, for the ``<link rel="alternate">`` tags of every page."""
    return registry.feed_links()
