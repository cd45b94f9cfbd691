"""The shared change marks, pushed to each process, so a hot page's check is a memory read.

A copy of a page kept by this process (delivery.hot_pages) is fresh only if it began after
every change mark that applies to it. Reading the marks from Redis on every hit costs a round
trip, which is most of what a hit costs. Instead, every mark a process sets is also published
on a Redis channel, and each process serving hot pages listens on it and keeps the marks it has
seen (the mirror).

A push alone could arrive late: the editor's save has returned, and another node still serves
the old page from its copy. So the mirror is trusted only under a lease, and the writer waits:
- The listener pings Redis on its subscription every LEASE/4. A pong proves that everything
  Redis published before answering that ping has already been read from the connection (a
  subscription delivers in order), so the mirror is trusted until the ping's send time plus
  LEASE, and not a moment longer.
- The writer publishes, learns from Redis how many listeners received the message, and waits
  until each has applied it and said so (a list it pops from), or until LEASE has passed. A
  listener that did not answer in time has, by then, stopped trusting its mirror: its last
  pong answered a ping sent before the publish (otherwise it would have read the message
  first), so its lease has run out.
So when a save returns, every process either has applied its marks or reads Redis again, and a
story saved on node A is fresh on node B's next request, as without the mirror. The writer's
wait is a round trip or two in the normal case, and LEASE at most when a listener hangs.

The mirror starts empty and learns the marks of the pages it checks from Redis (a max-merge, so
a push and a read can arrive in either order), and is emptied whenever its subscription is lost
or renewed, since pushes may have been missed while it was away.
"""

import json
import logging
import os
import threading
import time
import uuid

from django.conf import settings

from .cache_backend import UNREACHABLE

logger = logging.getLogger("delivery.cache")

# Beyond this many remembered marks the mirror forgets them all and learns again from Redis.
MAX_MARKS = 50_000
RECONNECT_SECONDS = 1.0


def lease_seconds() -> float:
    return settings.NEWSROOM_MARK_LEASE_MS / 1000


class MarkMirror:
    """The marks this process has seen, and the listener thread that keeps them current."""

    def __init__(self, backend):
        self.client = backend.shared_client()
        self.channel = backend.marks_channel()
        self.pid = os.getpid()
        self.marks: dict[str, float] = {}
        self.lock = threading.Lock()
        # Bumped whenever the subscription starts or is lost: what was learned before is void.
        self.epoch = 0
        self.subscribed = False
        self.trusted_until = 0.0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name="newsroom-mark-mirror", daemon=True)
        self.thread.start()

    # Read by request threads.

    def lookup(self, keys) -> dict[str, float] | None:
        """The marks of keys, or None if the mirror cannot answer for all of them now."""
        if time.monotonic() >= self.trusted_until:
            return None
        marks = self.marks
        try:
            return {key: marks[key] for key in keys}
        except KeyError:
            return None

    def current_epoch(self) -> int | None:
        return self.epoch if self.subscribed else None

    def learn(self, found: dict, keys, epoch: int | None) -> None:
        """Remember marks read from Redis by a read that began within subscription `epoch`."""
        if epoch is None:
            return
        with self.lock:
            if epoch != self.epoch:
                return
            if len(self.marks) > MAX_MARKS:
                self.marks = {}
            for key in keys:
                self.merge(key, found.get(key) or 0.0)

    def merge(self, key: str, changed: float) -> None:
        if changed > self.marks.get(key, -1.0):
            self.marks[key] = changed

    # The listener thread.

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                self.listen()
            except UNREACHABLE as exc:
                logger.debug("Mark mirror lost Redis (%s); marks are read from Redis.", exc)
            except Exception:
                logger.exception("Mark mirror failed; reading marks from Redis meanwhile.")
            self.forget()
            self.stopped.wait(RECONNECT_SECONDS)

    def listen(self) -> None:
        pubsub = self.client.pubsub()
        try:
            pubsub.subscribe(self.channel)
            ping_every = lease_seconds() / 4
            next_ping = 0.0
            while not self.stopped.is_set():
                now = time.monotonic()
                if now >= next_ping:
                    # The pong carries the send time: the lease runs from it.
                    pubsub.ping(repr(now))
                    next_ping = now + ping_every
                message = pubsub.get_message(timeout=max(next_ping - time.monotonic(), 0.0))
                if message is not None:
                    self.receive(message)
        finally:
            pubsub.close()

    def receive(self, message: dict) -> None:
        kind = message["type"]
        if kind == "subscribe":
            with self.lock:
                self.marks = {}
                self.epoch += 1
                self.subscribed = True
        elif kind == "pong" and self.subscribed:
            sent_at = float(message["data"])
            self.trusted_until = max(self.trusted_until, sent_at + lease_seconds())
        elif kind == "message":
            pushed = json.loads(message["data"])
            with self.lock:
                for key, changed in pushed["marks"].items():
                    self.merge(key, changed)
            # Tell the writer, which waits for every listener before its save returns.
            acks = self.client.pipeline(transaction=False)
            acks.rpush(pushed["ack"], 1)
            acks.expire(pushed["ack"], 60)
            acks.execute()

    def forget(self) -> None:
        with self.lock:
            self.trusted_until = 0.0
            self.subscribed = False
            self.epoch += 1
            self.marks = {}

    def stop(self) -> None:
        self.stopped.set()
        self.forget()


_mirror: MarkMirror | None = None
_mirror_lock = threading.Lock()


def mirror_for(backend) -> MarkMirror | None:
    """This process's mirror of backend's marks, started on first use; None where there is none.

    Only a Redis backend shared by several processes has marks to push (see
    cache_backend.ResilientRedisCache); local memory is read directly.
    """
    global _mirror
    if not settings.NEWSROOM_MARK_PUSH or not hasattr(backend, "marks_channel"):
        return None
    channel = backend.marks_channel()

    def current(mirror):
        # A forked child inherits its parent's mirror but not the thread: it needs its own.
        return mirror is not None and mirror.pid == os.getpid() and mirror.channel == channel

    if current(_mirror):
        return _mirror
    with _mirror_lock:
        if not current(_mirror):
            if _mirror is not None and _mirror.pid == os.getpid():
                _mirror.stop()  # the cache was reconfigured (tests): one listener at a time
            _mirror = MarkMirror(backend)
        return _mirror


def announce(backend, marks: dict[str, float]) -> None:
    """Publish marks just set, and wait until every listening process has them (or LEASE)."""
    if not settings.NEWSROOM_MARK_PUSH or not hasattr(backend, "marks_channel") or not marks:
        return
    if not backend.reachable():
        return
    client = backend.shared_client()
    ack_key = f"{backend.marks_channel()}:ack:{uuid.uuid4().hex}"
    payload = json.dumps({"marks": marks, "ack": ack_key})
    try:
        listeners = client.publish(backend.marks_channel(), payload)
        deadline = time.monotonic() + lease_seconds()
        acknowledged = 0
        while acknowledged < listeners:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            # BLPOP's timeout has a resolution of 1 ms; 0 would mean "forever".
            if client.blpop([ack_key], timeout=max(left, 0.001)) is None:
                break
            acknowledged += 1
        if acknowledged < listeners:
            logger.warning(
                "%d of %d processes did not confirm a change mark within %.0f ms; "
                "they read marks from Redis until they hear from it again.",
                listeners - acknowledged,
                listeners,
                lease_seconds() * 1000,
            )
        client.delete(ack_key)
    except UNREACHABLE:
        # The marks were not published; every mirror loses its lease with Redis anyway.
        pass
