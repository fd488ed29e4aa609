"""gunicorn, Lianluo's production server: `gunicorn -c deploy/gunicorn.conf.py` behind nginx
(deploy/nginx.conf; systemd: deploy/lianluo-web.service). Each setting can be overridden from the
environment, so the unit file need not change."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("LIANLUO_BIND", "127.0.0.1:8000")
# Processes for the CPU (templates, Excel and Word files), threads for waiting on the database.
workers = int(os.environ.get("LIANLUO_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("LIANLUO_WEB_THREADS", "4"))
timeout = int(os.environ.get("LIANLUO_WEB_TIMEOUT", "120"))  # a province's summary takes seconds
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # a worker is replaced now and then: memory stays flat over months
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("LIANLUO_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("LIANLUO_ACCESS_LOG", "-")
errorlog = "-"
