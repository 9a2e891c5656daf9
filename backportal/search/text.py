"""Which words of a text a search term marks: German endings vary, so a
searched word matches every word that contains its first letters."""

import re


def search_stems(query: str) -> list[str]:
    """Regex stems of the searched words ("Muskelverhärtung" marks
    "Muskelverhärtungen"); words shorter than three letters mark nothing."""
    words = [word for word in re.findall(r"\w+", query) if len(word) >= 3]
    return [re.escape(word[: max(3, len(word) - 2)]) for word in words]


def stem_pattern(query: str) -> re.Pattern | None:
    """One pattern for whole words containing any searched stem, or None."""
    stems = search_stems(query)
    if not stems:
        return None
    return re.compile(r"\w*(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)
