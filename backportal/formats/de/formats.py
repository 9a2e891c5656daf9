"""German date formats with a leading zero: "08. Dezember 2025"."""

DATE_FORMAT = "d. F Y"
DATETIME_FORMAT = "d. F Y, H:i \\U\\h\\r"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i \\U\\h\\r"
