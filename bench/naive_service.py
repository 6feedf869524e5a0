"""The naive service ``bench/http.py`` measures ours against: what a first Flask + Whoosh app would be.

One route, ``GET /search?q=``: Whoosh's default ``QueryParser`` with an OR group over a
``StemmingAnalyzer`` title and text (``baselines.WhooshOr``, its own index of the same articles),
the top 10 ids and scores as JSON; no snippets, facets, filters or feedback. Served by gunicorn
with the same settings and worker count as ours:

    gunicorn 'bench.naive_service:create_app("bench/.cache/naive-whoosh")'
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, jsonify, request

from bench.baselines import WhooshOr

PAGE = 10


def create_app(folder: str) -> Flask:
    """The naive app over the Whoosh index in ``folder`` (built by ``bench.query.naive_whoosh``)."""
    engine = WhooshOr(None, Path(folder))
    app = Flask(__name__)

    @app.get("/search")
    def search():
        hits = engine.search(request.args.get("q", ""), PAGE)
        return jsonify({"results": [{"id": doc_id, "score": score} for doc_id, score in hits]})

    return app
