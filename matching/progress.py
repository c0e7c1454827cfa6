"""A round job's progress, written where other connections see it while the round runs.

The round runs in one transaction (all or nothing), so progress written on the same
connection would appear only when it is over. On PostgreSQL the reporter writes through a
connection of its own, in autocommit. That is impossible on SQLite, whose single writer
is the round itself, and inside an enclosing transaction (an eager task in a request, a
test), where the job row is not committed yet: there the progress is written on the
round's connection and shows when it commits. Progress is best effort: a failure to write
it is logged, never raised into the round.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from .models import FINALISE_PHASES, RUN_PHASES, RoundJob, RoundJobKind

logger = logging.getLogger(__name__)


class RoundJobProgress:
    """Callable the round services call at phase boundaries: `progress(phase, done, total)`.
    A run's bar moves by phase; finalising passes the places accepted so far. `also` is
    called after each write (the management command draws a terminal bar with it)."""

    def __init__(self, job, *, also=None):
        self.job_id = job.pk
        self.phases = list(RUN_PHASES if job.kind == RoundJobKind.RUN else FINALISE_PHASES)
        self.also = also
        self._side = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, phase, done=None, total=None):
        if done is None:
            done, total = self.phases.index(phase), len(self.phases)
        try:
            self._write(phase, done, total)
        except Exception:
            logger.exception("Progress of round job %s not written", self.job_id)
        if self.also is not None:
            self.also(phase, done, total)

    def _write(self, phase, done, total):
        now = timezone.now()
        if self._side is not None:
            meta = RoundJob._meta
            quote = self._side.ops.quote_name
            columns = ", ".join(
                f"{quote(meta.get_field(name).column)} = %s" for name in ("phase", "done", "total", "updated_at")
            )
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {quote(meta.db_table)} SET {columns} WHERE {quote(meta.pk.column)} = %s",
                    [phase, done, total, now, self.job_id],
                )
                if cursor.rowcount:
                    return
        RoundJob.objects.filter(pk=self.job_id).update(phase=phase, done=done, total=total, updated_at=now)

    def close(self):
        if self._side is not None:
            self._side.close()
            self._side = None
