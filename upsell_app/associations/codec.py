"""The byte form of :class:`~.mining.CoCounts` (the incremental state, shard and delta counts).

A cold incremental run (a worker just restarted) reads the whole pair-count state from the database,
so its size is the cost: at 1M orders / 50k products it holds ~6.8M pair entries. A plain ``.npz``
of the CSR arrays (int32 indices + int32 counts) weighs 55 MB; this form weighs ~20 MB, and both
encoding and decoding are a few vectorised numpy passes (no general-purpose compressor, whose
decompression would cost more than the bytes it saves):

* counts: one byte each (almost every pair is seen fewer than 256 times); the few larger ones and
  any negative one are listed apart as (position, value);
* partner positions: their low 16 bits, plus the high bits as runs (constant over long stretches:
  a row is sorted, and with fewer than 65,536 products there are no high bits at all);
* recency weights (only with weighting on) and the per-product arrays as they are.

Layout: ``MAGIC``, a little-endian uint32 header length, a JSON header naming each array's dtype,
length and offset, then the arrays, each 8-byte aligned. Blobs written by earlier versions (plain
``.npz``, starting with ``PK``) are still read.
"""

from __future__ import annotations

import io
import json
import struct

import numpy as np
import scipy.sparse as sp

from .mining import CoCounts

MAGIC = b"UPCC1\n"
_BYTE_MAX = 255


def encode(cc: CoCounts) -> bytes:
    m = cc.pairs.tocsr()
    m.sort_indices()
    n, nnz = len(cc.item_ids), int(m.nnz)
    indices = m.indices
    data = m.data
    arrays: dict[str, np.ndarray] = {
        "item_ids": np.asarray(cc.item_ids, dtype=np.int64),
        "item_counts": np.asarray(cc.item_counts, dtype=np.int64),
        "indptr": m.indptr,
        "idx_lo": (indices & 0xFFFF).astype(np.uint16),
        "data_lo": data.astype(np.uint8),
    }
    if n > 0x10000:  # high bits of the partner positions, as runs
        hi = (indices >> 16).astype(np.int32)
        starts = np.flatnonzero(np.diff(hi, prepend=np.int32(0)))
        if len(starts):
            if starts[0] != 0:
                starts = np.concatenate([[0], starts])
            arrays["hi_starts"], arrays["hi_values"] = starts.astype(np.int64), hi[starts]
    big = np.flatnonzero((data < 0) | (data > _BYTE_MAX))
    if len(big):
        arrays["data_pos"], arrays["data_val"] = big.astype(np.int64), data[big].astype(np.int64)
    header: dict = {
        "n": n,
        "nnz": nnz,
        "n_baskets": int(cc.n_baskets),
        "data_dtype": data.dtype.str,
        "index_dtype": indices.dtype.str,
    }
    if cc.weighted:
        w = cc.pair_weights.tocsr()
        w.sort_indices()
        if w.nnz != nnz:
            raise ValueError("weights and counts out of step")
        arrays["item_weights"] = np.asarray(cc.item_weights, dtype=np.float64)
        arrays["wdata"] = np.asarray(w.data, dtype=np.float64)
        header["total_weight"] = float(cc.total_weight)
    offset, table = 0, {}
    for name, a in arrays.items():
        a = np.ascontiguousarray(a)
        arrays[name] = a
        table[name] = [a.dtype.str, len(a), offset]
        offset += -(-a.nbytes // 8) * 8
    header["arrays"] = table
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-(len(MAGIC) + 4 + len(head)) % 8)
    out = bytearray(len(MAGIC) + 4 + len(head) + offset)
    out[: len(MAGIC)] = MAGIC
    struct.pack_into("<I", out, len(MAGIC), len(head))
    start = len(MAGIC) + 4 + len(head)
    out[len(MAGIC) + 4 : start] = head
    for name, a in arrays.items():
        at = start + table[name][2]
        out[at : at + a.nbytes] = a.tobytes()
    return bytes(out)


def decode(blob: bytes | memoryview) -> CoCounts:
    blob = bytes(blob) if not isinstance(blob, bytes) else blob
    if blob[:2] == b"PK":
        return _decode_npz(blob)
    if blob[: len(MAGIC)] != MAGIC:
        raise ValueError("not an encoded CoCounts blob")
    (head_len,) = struct.unpack_from("<I", blob, len(MAGIC))
    start = len(MAGIC) + 4
    header = json.loads(blob[start : start + head_len])
    start += head_len

    def arr(name: str) -> np.ndarray | None:
        if name not in header["arrays"]:
            return None
        dtype, count, offset = header["arrays"][name]
        return np.frombuffer(blob, dtype=np.dtype(dtype), count=count, offset=start + offset)

    n, nnz = header["n"], header["nnz"]
    index_dtype = np.dtype(header["index_dtype"])
    indices = arr("idx_lo").astype(index_dtype)
    starts = arr("hi_starts")
    if starts is not None:
        lengths = np.diff(np.append(starts, nnz))
        indices |= np.repeat(arr("hi_values").astype(index_dtype), lengths) << 16
    data = arr("data_lo").astype(np.dtype(header["data_dtype"]))
    pos = arr("data_pos")
    if pos is not None:
        data[pos] = arr("data_val")
    pairs = sp.csr_matrix((data, indices, arr("indptr").copy()), shape=(n, n))
    pairs.has_sorted_indices = True
    cc = CoCounts(
        arr("item_ids").copy(), arr("item_counts").copy(), pairs, int(header["n_baskets"])
    )
    if "wdata" in header["arrays"]:
        cc.item_weights = arr("item_weights").copy()
        cc.pair_weights = sp.csr_matrix(
            (arr("wdata").copy(), pairs.indices, pairs.indptr), shape=(n, n)
        )
        cc.pair_weights.has_sorted_indices = True
        cc.total_weight = float(header["total_weight"])
    return cc


def _decode_npz(blob: bytes) -> CoCounts:
    """Blobs of earlier versions: a plain ``.npz`` of the CSR arrays."""
    z = np.load(io.BytesIO(blob), allow_pickle=False)
    n = len(z["item_ids"])
    pairs = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=(n, n))
    cc = CoCounts(z["item_ids"], z["item_counts"], pairs, int(z["n_baskets"][0]))
    if "wdata" in z.files:
        cc.item_weights = z["item_weights"]
        cc.pair_weights = sp.csr_matrix((z["wdata"], z["indices"], z["indptr"]), shape=(n, n))
        cc.total_weight = float(z["total_weight"][0])
    return cc
