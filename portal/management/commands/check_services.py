"""Fail fast when the configured database or Redis is unreachable: `make test-production` runs
this first, so it never quietly tests something else."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Check that the configured database (and Redis, when REDIS_URL is set) answer."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--require-postgres", action="store_true")
        parser.add_argument("--require-redis", action="store_true")

    def handle(self, *args: Any, require_postgres: bool, require_redis: bool, **opts: Any) -> None:
        vendor = connection.vendor
        if require_postgres and vendor != "postgresql":
            raise CommandError(f"DATABASE_URL must point at PostgreSQL here, not {vendor}")
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:
            raise CommandError(f"database ({vendor}) unreachable: {exc}") from exc
        self.stdout.write(f"database: {vendor} answers")

        if not settings.REDIS_URL:
            if require_redis:
                raise CommandError("REDIS_URL must be set here")
            return
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
        except Exception as exc:
            raise CommandError(f"Redis unreachable: {exc}") from exc
        self.stdout.write("redis: answers")
