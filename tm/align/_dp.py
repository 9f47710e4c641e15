"""Monotone dynamic programming over a band: the kernel, apart from any scoring.

A cell (i, j) means "the first i source and j target sentences are aligned". Row i of
the band holds columns lo[i] .. lo[i] + width - 1, so every array here has shape
(n + 1, width) and column k of row i is cell (i, lo[i] + k). A bead of type (a, b)
ending in cell (i, j) covers source sentences i-a .. i-1 and target sentences j-b .. j-1;
`costs[t]` holds the cost of a bead of type `types[t]` ending in each cell (inf where
no such bead can end). Rows are processed one at a time with numpy over the columns;
the only within-row dependency, the (0, 1) bead, is a prefix scan (min or log-sum-exp),
so the cost stays linear in n * width.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
# Bead costs are kept in single precision: they are the largest arrays (8 per band cell),
# and sums along a path are done in double precision row by row.
CostArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

# Beads of a path as (i0, i1, j0, j1): source i0 .. i1-1 with target j0 .. j1-1.
Path = list[tuple[int, int, int, int]]

BEAD_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
)


@dataclass(frozen=True)
class Band:
    lo: IntArray  # first column of each row, non-decreasing, shape (n + 1,)
    width: int
    n: int
    m: int

    def columns(self) -> IntArray:
        """The j of every cell, shape (n + 1, width)."""
        return self.lo[:, None] + np.arange(self.width)[None, :]

    @property
    def full(self) -> bool:
        return self.width >= self.m + 1


def make_band(center: FloatArray, m: int, half_width: int) -> Band:
    """A band of +-half_width columns around `center` (a column per row, non-decreasing).

    Wide enough that consecutive rows overlap, and pinned so that (0, 0) and (n, m) are in.
    """
    n = len(center) - 1
    steps = np.diff(center) if n > 0 else np.zeros(0)
    jump = int(np.ceil(steps.max())) if n > 0 else 0
    width = min(m + 1, 2 * half_width + 1 + 2 * jump)
    lo = np.clip(np.round(center).astype(np.int64) - (width - 1) // 2, 0, m + 1 - width)
    lo = np.maximum.accumulate(lo)
    lo[0] = 0
    lo[-1] = m + 1 - width
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    return Band(lo=lo.astype(np.int64), width=width, n=n, m=m)


def _offset(band: Band, i: int, a: int, b: int) -> int:
    """Column offset from row i to row i - a for a bead of type (a, b)."""
    return int(band.lo[i] - b - band.lo[i - a])


# Rows of the DP are read back through padded copies, so that a row shifted by a bead's
# offset is a slice (a view), not a new array: lo never decreases, so an offset is at least
# -_LEFT (the widest bead's target side) and at most the band's width.
_LEFT = 4


class _Rows:
    """The last few rows of a DP table, padded with `fill` for shifted reading."""

    def __init__(self, width: int, depth: int, fill: float):
        self.width = width
        self.depth = depth
        self.fill = fill
        self.buf = np.full((depth, _LEFT + 2 * width), fill)

    def put(self, i: int, row: FloatArray) -> None:
        self.buf[i % self.depth, _LEFT : _LEFT + self.width] = row

    def get(self, i: int, offset: int) -> FloatArray | None:
        """Row i read at columns k + offset, or None if that is all fill."""
        if offset >= self.width or offset < -_LEFT:
            return None
        start = _LEFT + offset
        return self.buf[i % self.depth, start : start + self.width]


_DEPTH = 4  # rows kept: the tallest bead spans 3


def viterbi(
    costs: CostArray, band: Band, types: tuple[tuple[int, int], ...]
) -> tuple[FloatArray, npt.NDArray[np.int8]]:
    """Least total cost of reaching every cell, and the bead type used to get there (-1: none)."""
    n, width = band.n, band.width
    best = np.full((n + 1, width), np.inf)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    rows = _Rows(width, _DEPTH, np.inf)
    horizontal = [t for t, (a, b) in enumerate(types) if (a, b) == (0, 1)]
    vertical = [(t, a, b) for t, (a, b) in enumerate(types) if a > 0]
    for i in range(n + 1):
        row = np.full(width, np.inf)
        arg = np.full(width, -1, dtype=np.int8)
        if i == 0:
            row[0] = 0.0
        for t, a, b in vertical:
            if a > i:
                continue
            prev = rows.get(i - a, _offset(band, i, a, b))
            if prev is None:
                continue
            cand = prev + costs[t, i]
            better = cand < row
            row[better] = cand[better]
            arg[better] = t
        for t in horizontal:
            # row'[k] = min over l <= k of row[l] + sum of (0, 1) costs l+1 .. k.
            step = np.where(np.isfinite(costs[t, i]), costs[t, i], 1e30).astype(np.float64)
            step[0] = 0.0
            cum = np.cumsum(step)
            scanned = cum + np.minimum.accumulate(row - cum)
            better = scanned < row - 1e-12
            row[better] = scanned[better]
            arg[better] = t
        best[i] = row
        back[i] = arg
        rows.put(i, row)
    return best, back


def traceback(back: npt.NDArray[np.int8], band: Band, types: tuple[tuple[int, int], ...]) -> Path:
    """Beads of the best path, from the back pointers of `viterbi`."""
    i, j = band.n, band.m
    path: Path = []
    while i > 0 or j > 0:
        t = int(back[i, j - band.lo[i]])
        if t < 0:
            raise RuntimeError(f"no path through cell ({i}, {j})")
        a, b = types[t]
        path.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    path.reverse()
    return path


def _logcumsumexp(x: FloatArray) -> FloatArray:
    return np.asarray(np.logaddexp.accumulate(x), dtype=np.float64)


def forward(
    costs: CostArray, band: Band, types: tuple[tuple[int, int], ...], scale: float = 1.0
) -> FloatArray:
    """log of the summed exp(-scale * cost) of all paths from (0, 0) to each cell."""
    n, width = band.n, band.width
    alpha = np.full((n + 1, width), -np.inf)
    rows = _Rows(width, _DEPTH, -np.inf)
    horizontal = [t for t, (a, b) in enumerate(types) if (a, b) == (0, 1)]
    vertical = [(t, a, b) for t, (a, b) in enumerate(types) if a > 0]
    with np.errstate(invalid="ignore"):
        for i in range(n + 1):
            row = np.full(width, -np.inf)
            if i == 0:
                row[0] = 0.0
            for t, a, b in vertical:
                if a > i:
                    continue
                prev = rows.get(i - a, _offset(band, i, a, b))
                if prev is not None:
                    row = np.logaddexp(row, prev - scale * costs[t, i])
            for t in horizontal:
                step = -scale * np.where(np.isfinite(costs[t, i]), costs[t, i], 1e30).astype(
                    np.float64
                )
                step[0] = 0.0
                cum = np.cumsum(step)
                row = cum + _logcumsumexp(row - cum)
            alpha[i] = row
            rows.put(i, row)
    return alpha


def backward(
    costs: CostArray, band: Band, types: tuple[tuple[int, int], ...], scale: float = 1.0
) -> FloatArray:
    """log of the summed exp(-scale * cost) of all paths from each cell to (n, m)."""
    n, m, width = band.n, band.m, band.width
    beta = np.full((n + 1, width), -np.inf)
    horizontal = [t for t, (a, b) in enumerate(types) if (a, b) == (0, 1)]
    vertical = [(t, a, b) for t, (a, b) in enumerate(types) if a > 0]
    # Successor rows are written into a padded buffer and read back shifted, as a view.
    pad = np.full(2 * width + _LEFT, -np.inf)
    with np.errstate(invalid="ignore"):
        for i in range(n, -1, -1):
            row = np.full(width, -np.inf)
            if i == n:
                row[m - band.lo[n]] = 0.0
            for t, a, b in vertical:
                if i + a > n:
                    continue
                # Successor (i + a, j + b) sits at column k - offset of row i + a.
                shift = -_offset(band, i + a, a, b)
                if shift <= -width:
                    continue
                np.subtract(beta[i + a], scale * costs[t, i + a], out=pad[width : 2 * width])
                row = np.logaddexp(row, pad[width + shift : 2 * width + shift])
            for t in horizontal:
                # row'[k] = logsumexp over l >= k of row[l] - sum of (0, 1) costs k+1 .. l.
                step = -scale * np.where(np.isfinite(costs[t, i]), costs[t, i], 1e30).astype(
                    np.float64
                )
                step[0] = 0.0
                cum = np.cumsum(step)
                rev = (row + cum)[::-1]
                row = _logcumsumexp(rev)[::-1] - cum
            beta[i] = row
    return beta
