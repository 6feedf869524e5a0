"""WSGI entry point for a production server: ``gunicorn wsgi:app``. Each worker opens the index and
runs one search before it serves (``warm_up``)."""

from searchsvc.web.app import create_app, warm_up

app = create_app()
warm_up(app)
