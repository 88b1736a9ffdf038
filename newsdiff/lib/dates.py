"""Calendar facts: month and weekday names, and how many days a month or a year may last.

One list of names for the ingest, the text's date patterns (``newsdiff.text.dates``), the word
lists and the matcher's time expressions. Plain Python: no Django imports.
"""

from __future__ import annotations

MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS = {name: i + 1 for i, name in enumerate(MONTH_NAMES)}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Lengths of periods in days, at their longest (with some slack for the half year): what a
# span of "two months", "half a year" or "a year" may measure.
TWO_MONTHS_DAYS = 62
HALF_YEAR_DAYS = 190
YEAR_DAYS = 366

MONTH = "|".join(MONTH_NAMES)  # regular-expression alternations
WEEKDAY = "|".join(WEEKDAYS)
