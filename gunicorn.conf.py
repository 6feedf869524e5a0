"""gunicorn settings for ``gunicorn wsgi:app``: one sync worker per core, bounded request sizes.

A request line or header over these limits is refused by gunicorn before reaching the app, so a
100 KB URL costs nothing: a 414 or 431 with the app's JSON error, ``limit`` naming the setting
(``searchsvc.web.gunicorn_worker``). Command-line flags override these values.
"""

import multiprocessing

workers = multiprocessing.cpu_count()
worker_class = "searchsvc.web.gunicorn_worker.JsonErrorWorker"  # sync, with JSON errors
limit_request_line = 8190  # bytes of "GET /path?query HTTP/1.1": room for a 1000-character Cyrillic query
limit_request_fields = 50
limit_request_field_size = 8190
timeout = 30
graceful_timeout = 10
