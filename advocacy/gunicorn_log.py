"""gunicorn's logger, its access lines without the secrets in links (log_filters)."""

from gunicorn.glogging import Logger

from .log_filters import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # r: the request line; U: the path; q: the query string; f: the referrer.
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
