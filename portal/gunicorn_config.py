"""gunicorn settings for MissionMatch: `gunicorn -c python:portal.gunicorn_config portal.wsgi`.

Command-line options (bind, workers, threads) still apply on top of these."""

import threading

timeout = 30
HEARTBEAT_SECONDS = 5


def post_worker_init(worker):
    """Warm the worker's matching stores before it accepts a connection (see
    `matching.warmup`). A heartbeat thread keeps the arbiter from taking a build of more
    than `timeout` seconds (a large store on a busy machine) for a hung worker."""
    from matching.warmup import warm_stores  # after the worker has loaded Django

    done = threading.Event()

    def heartbeat():
        while not done.wait(HEARTBEAT_SECONDS):
            worker.notify()

    beating = threading.Thread(target=heartbeat, name="warm-up heartbeat", daemon=True)
    beating.start()
    try:
        warm_stores()
    finally:
        done.set()
        beating.join()
