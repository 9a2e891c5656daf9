"""Django's Redis cache backend, keeping one redis-py client per server.

Django's RedisCacheClient builds a new redis.Redis object for every cache call,
and redis-py 8 fills a table of some 170 response callbacks in each
constructor: measured here at about 0.1 ms per call, more than the round trip
to Redis itself, and a page-cache hit makes two calls. A redis.Redis client is
thread-safe and only borrows connections from its pool, so one per pool does.
settings/base.py selects this backend for redis:// cache URLs.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    """Django's client, reusing the redis.Redis object of each connection pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    """django.core.cache.backends.redis.RedisCache with RedisCacheClient."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
