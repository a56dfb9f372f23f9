"""Export the three real data sets lossbook trains on as CSV under data/.

All three are bundled inside the pinned packages (no network access):

* digits.csv         scikit-learn's copy of the UCI optical handwritten digits
                     (1,797 rows; 64 pixel counts 0..16, then the label 0..9)
* breast_cancer.csv  scikit-learn's copy of the UCI Wisconsin diagnostic breast
                     cancer data (569 rows; 30 features, then the label:
                     0 = malignant, 1 = benign, scikit-learn's encoding)
* stackloss.csv      statsmodels' copy of Brownlee's (1965) stack loss data
                     (21 rows; air flow, water temperature, acid concentration,
                     then the stack loss)

Run inside tools/.venv-sk (bash tools/export_data.sh). The output is
deterministic: fixed row order as shipped, integers written as integers,
floats as Python's shortest round-trip repr, "\n" line endings. The SHA-256 of
each file is recorded in data/README.md and checked by tests/data.rs.
"""

import hashlib
import pathlib
import sys

import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.datasets import load_breast_cancer, load_digits

SKLEARN_VERSION = "1.9.1"
STATSMODELS_VERSION = "0.15.0"

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"


def number(x):
    """An integer-valued number as an integer, any other as repr(float)."""
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 2**53 else repr(x)


def write(name, header, rows):
    lines = [",".join(header)]
    lines += [",".join(number(v) for v in row) for row in rows]
    path = DATA / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"{name}: {len(rows)} rows x {len(header)} columns, sha256 {digest}")


def main():
    if sklearn.__version__ != SKLEARN_VERSION or statsmodels.__version__ != STATSMODELS_VERSION:
        sys.exit(
            f"expected scikit-learn {SKLEARN_VERSION} and statsmodels {STATSMODELS_VERSION}, "
            f"found {sklearn.__version__} and {statsmodels.__version__}"
        )
    DATA.mkdir(exist_ok=True)

    digits = load_digits()
    header = [f"pixel_{i}" for i in range(64)] + ["label"]
    write("digits.csv", header, [list(x) + [y] for x, y in zip(digits.data, digits.target)])

    cancer = load_breast_cancer()
    header = [n.replace(" ", "_") for n in cancer.feature_names] + ["label"]
    write("breast_cancer.csv", header, [list(x) + [y] for x, y in zip(cancer.data, cancer.target)])

    stack = sm.datasets.stackloss.load_pandas().data
    columns = ["AIRFLOW", "WATERTEMP", "ACIDCONC", "STACKLOSS"]
    write("stackloss.csv", [c.lower() for c in columns], stack[columns].to_numpy().tolist())


if __name__ == "__main__":
    main()
