"""The web layer: the Flask app factory, the JSON API, the HTML search page, request arguments and
the OpenAPI document. Only this layer imports Flask; every view calls ``searchsvc.search``."""

from .app import create_app, warm_up

__all__ = ["create_app", "warm_up"]
