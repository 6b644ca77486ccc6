"""A local stand-in for Open North's Represent API, answering in its format.

Bound to 127.0.0.1 on a port chosen at run time; counts what it is asked.
The payload shape follows Represent's /postcodes/{CODE}/ and
/representatives/house-of-commons/ answers (see ../shared/data/represent_postcode_example.json).
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CURRENT_SET = "federal-electoral-districts-2023-representation-order"
NOT_FOUND_HTML = b"<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>"


def representative(
    name: str,
    *,
    email: str,
    riding_code: str,
    riding_name: str,
    party: str = "Liberal",
    boundary_set: str = CURRENT_SET,
    elected_office: str = "MP",
    offices: list[dict] | None = None,
) -> dict:
    """One member as Represent lists them; offices default to a Hill office and a
    constituency office, each with its phone number."""
    first, _, last = name.partition(" ")
    return {
        "name": name,
        "district_name": riding_name,
        "elected_office": elected_office,
        "source_url": "https://www.ourcommons.ca/Members/en/search?caucusId=all&province=all",
        "first_name": first,
        "last_name": last,
        "party_name": party,
        "email": email,
        "url": "https://www.ourcommons.ca/Members/en/",
        "personal_url": "",
        "photo_url": "",
        "gender": "",
        "offices": [
            {
                "fax": "1 613 992-1385",
                "tel": "1 613 992-1385",
                "type": "legislature",
                "postal": "House of Commons\nOttawa ON  K1A 0A6",
            },
            {"tel": "1 604 257-2900", "type": "constituency", "postal": "Main office"},
        ]
        if offices is None
        else offices,
        "extra": {"preferred_languages": ["English"]},
        "representative_set_name": "House of Commons",
        "related": {
            "representative_set_url": "/representative-sets/house-of-commons/",
            "boundary_url": f"/boundaries/{boundary_set}/{riding_code}/",
        },
    }


def mpp(name: str) -> dict:
    """A provincial member: Represent returns them too when no set is asked for."""
    return {
        "name": name,
        "district_name": "Richmond-Queensborough",
        "elected_office": "MLA",
        "email": "someone@leg.bc.ca",
        "party_name": "BC NDP",
        "offices": [],
        "representative_set_name": "Legislative Assembly of British Columbia",
        "related": {
            "representative_set_url": "/representative-sets/bc-legislature/",
            "boundary_url": "/boundaries/british-columbia-electoral-districts-2023/rqb/",
        },
    }


def postcode_answer(
    code: str, *, centroid: list[dict] | None = None, concordance: list[dict] | None = None
) -> dict:
    """A /postcodes/{CODE}/ answer; a list left as None is absent, as Represent may do."""
    answer = {
        "code": code,
        "city": "Richmond",
        "province": "BC",
        "centroid": {"type": "Point", "coordinates": [-123.085, 49.13]},
        "boundaries_concordance": [],
        "boundaries_centroid": [],
    }
    if centroid is not None:
        answer["representatives_centroid"] = centroid
    if concordance is not None:
        answer["representatives_concordance"] = concordance
    return answer


class FakeRepresent:
    """Routes: path (with or without its query) -> (status, body bytes, content type) or "hang"."""

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes, str] | str] = {}
        self.requests: list[str] = []
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.requests.append(self.path)
                route = fake.routes.get(self.path) or fake.routes.get(self.path.split("?")[0])
                if route == "hang":
                    # Answers only when the test ends: the client's timeout must fire first.
                    fake.release.wait(30)
                    return
                status, body, content_type = route or (404, NOT_FOUND_HTML, "text/html")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str, payload: dict, *, status: int = 200) -> None:
        self.routes[path] = (status, json.dumps(payload).encode(), "application/json")

    def postcode(self, code: str, **kwargs) -> None:
        """Answer /postcodes/{code}/ (capitals, no space) with these MPs."""
        compact = code.replace(" ", "").upper()
        self.answer(f"/postcodes/{compact}/", postcode_answer(compact, **kwargs))

    def fail(self, path: str, status: int = 503) -> None:
        self.routes[path] = (status, b"<html><body>Service unavailable</body></html>", "text/html")

    def hang(self, path: str) -> None:
        self.routes[path] = "hang"

    def postcode_requests(self, code: str) -> int:
        compact = code.replace(" ", "").upper()
        return sum(1 for p in self.requests if p.startswith(f"/postcodes/{compact}/"))


# Two MPs of neighbouring Richmond ridings, as Represent answers for them.
BAINS = representative(
    "Parm Bains",
    email="parm.bains@parl.gc.ca",
    riding_code="59028",
    riding_name="Richmond East—Steveston",
)
AU = representative(
    "Chak Au",
    email="chak.au@parl.gc.ca",
    riding_code="59027",
    riding_name="Richmond Centre—Marpole",
    party="Conservative",
)
