"""The fields a browser would post from a page's form (shared by the Locust mix and bench/load/pages.py)."""

from html.parser import HTMLParser


class PostForm(HTMLParser):
    """The fields a browser would send for the form holding the button name=action value=save."""

    def __init__(self):
        super().__init__()
        self.forms, self._fields, self._select, self._textarea, self._has_save = [], None, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._fields, self._has_save = [], False
        elif self._fields is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("name") == "action" and a.get("value") == "save":
            self._has_save = True
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], None, None]
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in a:
                self._select[2] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._fields is None:
            return
        if tag == "select" and self._select is not None:
            name, first, chosen = self._select
            self._fields.append((name, chosen if chosen is not None else (first or "")))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form":
            if self._has_save:
                self.forms.append(self._fields)
            self._fields = None
