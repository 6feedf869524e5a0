"""WSGI entry point for a production server: ``gunicorn wsgi:app``."""

from searchsvc.web import create_app

app = create_app()
