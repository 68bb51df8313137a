"""The Saturday-evening mix (issue 16): commune officers open and save the filing page, agency focal
points open their rosters, leaders open dashboards; 1–4 s think time. Run by bench/load/run.py,
which passes the demo's ids in BENCH_TARGETS (JSON) and points --host at gunicorn on 127.0.0.1.
"""

import json
import os
import random
from html.parser import HTMLParser

from locust import HttpUser, between, task

TARGETS = json.loads(os.environ["BENCH_TARGETS"])
PASSWORD = TARGETS["password"]


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


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 4)
    username = None

    def on_start(self):
        self.client.get("/tai-khoan/dang-nhap/", name="login page")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/tai-khoan/dang-nhap/",
            {"username": self.pick_username(), "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/tai-khoan/dang-nhap/"},
            name="login POST",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")

    def pick_username(self):
        return self.username


class CommuneOfficer(PortalUser):
    weight = 5

    def pick_username(self):
        self.commune = random.choice(TARGETS["communes"])
        return self.commune["username"]

    @task(3)
    def open_filing_page(self):
        self.client.get(self.commune["filing_url"], name="filing page")

    @task(1)
    def save_filing_page(self):
        page = self.client.get(self.commune["filing_url"], name="filing page")
        parser = PostForm()
        parser.feed(page.text)
        if not parser.forms:
            return
        data = parser.forms[0] + [("action", "save")]
        with self.client.post(
            self.commune["filing_url"], data=data, name="filing page POST (save)",
            headers={"Referer": self.host + self.commune["filing_url"]},
            allow_redirects=False, catch_response=True,
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"save answered {response.status_code}")

    @task(1)
    def home(self):
        self.client.get("/", name="home")


class AgencyFocalPoint(PortalUser):
    weight = 3

    def pick_username(self):
        return TARGETS["agency"]["username"]

    @task(2)
    def agency_home(self):
        self.client.get(TARGETS["agency"]["home_url"], name="agency rosters")

    @task(2)
    def roster_page(self):
        self.client.get(random.choice(TARGETS["agency"]["roster_urls"]), name="agency roster page")

    @task(1)
    def home(self):
        self.client.get("/", name="home")


class Leader(PortalUser):
    weight = 2

    def pick_username(self):
        return TARGETS["leader"]["username"]

    @task(3)
    def dashboard(self):
        self.client.get("/tong-quan/", name="dashboard")

    @task(2)
    def commune_dashboard(self):
        self.client.get(random.choice(TARGETS["leader"]["commune_urls"]), name="commune dashboard")

    @task(1)
    def compliance(self):
        self.client.get("/tong-quan/tuan-thu/", name="compliance")

    @task(1)
    def rollups(self):
        self.client.get(TARGETS["leader"]["rollups_url"], name="roll-up list")
