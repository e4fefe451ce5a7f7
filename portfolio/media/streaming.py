"""Exports that grow with the portfolio are sent as they are made, in pieces,
rather than built whole in memory and then copied into a response; stored files
are sent as they are read."""

from collections.abc import Iterable, Iterator

CHUNK = 64 * 1024


def in_chunks(pieces: Iterable[str], size: int = CHUNK) -> Iterator[bytes]:
    """The pieces, UTF-8 encoded, gathered into chunks of about ``size`` bytes."""
    buffer, length = [], 0
    for piece in pieces:
        data = piece.encode()
        buffer.append(data)
        length += len(data)
        if length >= size:
            yield b"".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield b"".join(buffer)


def file_chunks(storage, name: str, size: int = CHUNK) -> Iterator[bytes]:
    """The stored file ``name``, read as it is sent. It is opened only once the
    body is read: a response never sent (a HEAD, a 304, an OPTIONS) opens nothing."""
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(size):
            yield chunk
