"""The matcher itself: plain typed Python on arrays and dataclasses, without Django."""
