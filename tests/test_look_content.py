"""The content that stretches the layout (tests/samples.py add_look_content), which
the browser tests of the site's look are run on: it builds on the sample CV, and
the pages it fills still answer."""

from django.urls import reverse
from django.utils.text import capfirst

from portfolio.pages.models import Page
from portfolio.publications.models import Publication

from .samples import LOOK_TOPICS, add_look_content


def test_the_look_content_builds_and_the_publications_list_every_topic(cv, client):
    add_look_content()

    assert len(LOOK_TOPICS) == 24
    assert len({p.kind for p in Publication.objects.filter(slug__startswith="look-")}) == 6
    assert Page.objects.in_navigation().filter(slug__startswith="look-page-").count() == 2
    response = client.get(reverse("publications:list"))
    assert response.status_code == 200
    html = response.content.decode()
    missing = [name for name in LOOK_TOPICS if f">{capfirst(name)}</a>" not in html]
    assert not missing, f"topics not among the filters: {missing}"
    assert "<math" in html  # the title's $\ell_1$
