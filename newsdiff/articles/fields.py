"""One embedding column for both databases.

On SQLite a vector is stored as raw little-endian float32 bytes; on PostgreSQL it is a pgvector
``vector(dim)`` column (so an HNSW index can be built on it). Python code always sees a
``numpy.ndarray`` of float32, so switching ``DATABASE_URL`` needs no code change.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


class VectorField(models.Field):  # type: ignore[type-arg]
    description = "A float32 vector (bytes on SQLite, pgvector on PostgreSQL)"

    def __init__(self, *args: Any, dimensions: int | None = None, **kwargs: Any) -> None:
        self.dimensions = dimensions
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.dimensions is not None:
            kwargs["dimensions"] = self.dimensions
        return name, path, args, kwargs

    def db_type(self, connection: BaseDatabaseWrapper) -> str:
        if connection.vendor == "postgresql":
            return f"vector({self.dimensions})" if self.dimensions else "vector"
        return connection.data_types["BinaryField"]  # type: ignore[no-any-return]

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        return to_array(value)

    def to_python(self, value: Any) -> Any:
        return to_array(value)

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if value is None:
            return None
        array = np.asarray(value, dtype=np.float32).ravel()
        if connection.vendor == "postgresql":
            from pgvector import Vector  # only on PostgreSQL

            return Vector(array).to_text()
        return array.astype("<f4").tobytes()


def to_array(value: Any) -> np.ndarray | None:
    if value is None or isinstance(value, np.ndarray):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return np.frombuffer(bytes(value), dtype="<f4").astype(np.float32)
    if isinstance(value, str):  # pgvector text form: "[0.1,0.2,...]"
        return np.array([float(x) for x in value.strip("[]").split(",") if x], dtype=np.float32)
    return np.asarray(value, dtype=np.float32)
