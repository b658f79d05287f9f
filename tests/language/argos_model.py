"""A real Argos Translate package, tiny, made here: a SentencePiece model trained on a few sentences and
a CTranslate2 Transformer whose weights are set by hand so that, whatever it reads, it writes one fixed
sentence (each token's embedding points the output layer at the next token, so no token may repeat; the attention and
feed-forward layers add nothing). It exercises the real runtimes end to end — tokenising, CTranslate2's
decoder, detokenising — without pretending to translate: no real model can be downloaded here."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

CORPUS = ["the cat is cute", "i love my cat", "猫咪很可爱", "我爱我的猫", "hello world", "你好世界",
          "周末去爬山", "风景很好"] * 20


def build(folder: Path, *, source: str = "en", target: str = "zh", says: str = "猫咪很可爱",
          version: str = "1.0") -> Path:
    import ctranslate2  # noqa: F401 - the real runtime must be importable
    import sentencepiece as spm
    from ctranslate2.specs import model_spec, transformer_spec

    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(CORPUS), "utf-8")
    spm.SentencePieceTrainer.train(input=str(corpus), model_prefix=str(folder / "sentencepiece"), vocab_size=60,
                                   character_coverage=1.0, hard_vocab_limit=False, bos_id=-1, eos_id=-1, unk_id=0,
                                   pad_id=-1, minloglevel=2)
    corpus.unlink()
    (folder / "sentencepiece.vocab").unlink()
    sp = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    vocab = ["<blank>", "<s>", "</s>"] + [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    index = {piece: i for i, piece in enumerate(vocab)}
    chain = ["<s>", *sp.encode(says, out_type=str), "</s>"]
    d, ffn, size = 32, 16, len(vocab)
    rng = np.random.default_rng(7)
    embeddings = rng.standard_normal((size, d)).astype(np.float32) * 0.01
    for i, piece in enumerate(chain[:-1]):
        embeddings[index[piece]] = 0
        embeddings[index[piece], i] = 10.0  # one direction per step of the sentence
    projection = np.zeros((size, d), np.float32)
    for i, piece in enumerate(chain[1:]):
        projection[index[piece], i] = 50.0  # the step's direction calls for the next token
    shapes = {"self_attention.linear[0]": (3 * d, d), "self_attention.linear[1]": (d, d),
              "attention.linear[0]": (d, d), "attention.linear[1]": (2 * d, d), "attention.linear[2]": (d, d),
              "ffn.linear_0": (ffn, d), "ffn.linear_1": (d, ffn)}
    silent = ("self_attention.linear[1]", "attention.linear[2]", "ffn.linear_1")  # add nothing to the residual

    def fill(layer, name):
        for attr, value in list(vars(layer).items()):
            if isinstance(value, model_spec.LayerSpec):
                fill(value, f"{name}.{attr}")
            elif isinstance(value, list) and value and isinstance(value[0], model_spec.LayerSpec):
                for i, item in enumerate(value):
                    fill(item, f"{name}.{attr}[{i}]")
            elif value is None:
                if attr == "gamma":
                    setattr(layer, attr, np.ones(d, np.float32))
                elif attr == "beta":
                    setattr(layer, attr, np.zeros(d, np.float32))
                elif name.endswith("decoder.embeddings"):
                    setattr(layer, attr, embeddings)
                elif name.endswith("decoder.projection"):
                    setattr(layer, attr, projection)
                elif "embeddings" in name:
                    setattr(layer, attr, rng.standard_normal((size, d)).astype(np.float32))
                else:
                    key = next(k for k in shapes if name.endswith(k))
                    weight = rng.standard_normal(shapes[key]).astype(np.float32) * 0.1
                    setattr(layer, attr, weight * 0 if key in silent else weight)

    spec = transformer_spec.TransformerSpec.from_config((1, 1), 2)
    fill(spec, "spec")
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=None)
    (folder / "model").mkdir(exist_ok=True)
    spec.save(str(folder / "model"))
    (folder / "metadata.json").write_text(json.dumps({
        "package_version": version, "argos_version": "1.9", "from_code": source, "to_code": target,
        "from_name": source, "to_name": target}), "utf-8")
    return folder
