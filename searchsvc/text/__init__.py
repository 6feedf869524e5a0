"""Language resources shared by cleaning and analysis: dictionaries (pymorphy3, the spelling
word lists), the function words of each language, and person names' keys across scripts. Takes
words, gives facts about them; imports nothing else of searchsvc, so every stage may use it."""

# The languages searchsvc analyses and detects first: each has its analyzer, its index fields, its
# dictionaries and its function words.
LANGUAGES: tuple[str, ...] = ("en", "ru", "uk")
