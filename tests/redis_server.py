"""A throwaway Redis server on a Unix socket, for the tests of what confnotes keeps in Redis:
the `redis_socket` fixture of tests/conftest.py starts one per test."""

import shutil
import subprocess
import time

import pytest
import redis


def redis_server(tmp_path):
    """A throwaway Redis server listening on a Unix socket only: yields the socket's path."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    socket = tmp_path / "redis.sock"
    process = subprocess.Popen(
        [server, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        # However long a busy machine takes to start it: the tests need it answering.
        deadline = time.monotonic() + 120
        while not redis_answers(socket):
            assert time.monotonic() < deadline, "redis-server did not start within 120 s"
            time.sleep(0.05)
        yield socket
    finally:
        process.terminate()
        process.wait(timeout=10)


def redis_answers(socket) -> bool:
    try:
        return redis.Redis(unix_socket_path=str(socket)).ping()
    except redis.ConnectionError:
        return False


def redis_cache(socket):
    """Django's CACHES setting for the Redis server at `socket`."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"unix://{socket}",
            # Long enough for a busy machine: a missing server fails at once anyway.
            "OPTIONS": {"socket_connect_timeout": 30, "socket_timeout": 30},
        }
    }
