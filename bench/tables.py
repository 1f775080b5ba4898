"""Readers shared by the bench report scripts (validation_report.py, conditional_report.py)."""
import csv, math
from scipy import stats


def read(path):
    """A TSV with a header line (a leading '#' dropped from the first name) as a list of dicts."""
    with open(path) as f:
        r = csv.reader(f, delimiter="\t")
        head = next(r)
        head[0] = head[0].lstrip("#")
        return [dict(zip(head, row)) for row in r]


def num(x):
    """A finite float, or None (NA, empty, inf, nan)."""
    try:
        v = float(x)
        return v if math.isfinite(v) else None
    except (TypeError, ValueError):
        return None


def lam(ps):
    """Genomic-control lambda: median 1-df chi-square of the p-values (None skipped) / its null median."""
    chi = sorted(stats.chi2.isf(p, 1) for p in ps if p is not None)
    k = len(chi)
    return (chi[k // 2] if k % 2 else 0.5 * (chi[k // 2 - 1] + chi[k // 2])) / stats.chi2.ppf(0.5, 1)
