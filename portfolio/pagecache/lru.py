"""A process's own bounded memory of things it made: the least recently used
are dropped once their total size passes a limit."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class SizedLRU:
    """Values by key, at most ``max_size`` in total as measured by ``size_of``;
    a value larger than ``max_item`` is not kept at all."""

    def __init__(self, max_size: int, size_of: Callable = len, max_item: int | None = None):
        self.max_size = max_size
        self.max_item = max_size if max_item is None else max_item
        self.size_of = size_of
        self.size = 0
        self.items: OrderedDict[Hashable, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: Hashable, value) -> None:
        size = self.size_of(value)
        if size > self.max_item:
            return
        with self.lock:
            old = self.items.pop(key, None)
            if old is not None:
                self.size -= self.size_of(old)
            self.items[key] = value
            self.size += size
            while self.size > self.max_size:
                _, dropped = self.items.popitem(last=False)
                self.size -= self.size_of(dropped)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0
