"""Reading a corpus: folders and files → ``RawDocument`` (decoded text, media type, metadata) or
``Skipped`` (a file that cannot be read, with the reason). Knows nothing of cleaning."""

from .files import RawDocument, Skipped, iter_corpus, read_path, read_paths

__all__ = ["RawDocument", "Skipped", "iter_corpus", "read_path", "read_paths"]
