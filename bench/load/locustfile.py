"""The Saturday-evening mix (issue 16): commune officers open and save the filing page, agency focal
points open their rosters, leaders open dashboards; 1–4 s think time. Run by bench/load/run.py,
which passes the demo's ids in BENCH_TARGETS (JSON) and points --host at gunicorn on 127.0.0.1.
"""

import json
import os
import random
import re

from locust import HttpUser, between, task
from postform import PostForm

TARGETS = json.loads(os.environ["BENCH_TARGETS"])
PASSWORD = TARGETS["password"]


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
        page = self.client.get(TARGETS["leader"]["rollups_url"], name="roll-up list")
        # The weeks the list links to (the newest first): what the roll-up detail task opens.
        self.rollup_urls = re.findall(r'href="(/bao-cao/tuan/\d+/)"', page.text)[:4] or getattr(self, "rollup_urls", [])

    @task(1)
    def rollup_detail(self):
        if not getattr(self, "rollup_urls", None):
            return self.rollups()  # the detail is opened from the list
        self.client.get(random.choice(self.rollup_urls), name="roll-up detail")
