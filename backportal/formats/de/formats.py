"""German date formats without a leading zero: "4. Dezember 2026", everywhere."""

DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y, H:i \\U\\h\\r"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i \\U\\h\\r"
