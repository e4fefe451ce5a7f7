"""Admin forms read and sent back as a browser would."""

from html.parser import HTMLParser


class FormParser(HTMLParser):
    """The fields of the page's main admin form, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if a.get("type") in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(a.get("value", default))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_data(client, url) -> dict[str, list[str]]:
    """The fields of the admin form at ``url``, as a browser would submit them."""
    parser = FormParser()
    parser.feed(client.get(url).content.decode())
    return parser.data


def submit(admin_client, url):
    """GET an admin form and POST it back unchanged, as pressing Save does."""
    return admin_client.post(url, form_data(admin_client, url))
