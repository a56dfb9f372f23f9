"""Trusted reference optima for lossbook's models, written to
tools/sklearn_reference.json (run inside tools/.venv-sk: bash tools/export_data.sh).

1. scikit-learn's LogisticRegression (lbfgs, tol 1e-12) on the standardised
   breast-cancer training split. scikit-learn minimises
       C * sum_i logloss_i + 1/2 ||w||^2        (intercept unpenalised);
   dividing by C*N gives lossbook's
       mean_i logloss_i + (lambda/2) ||w||^2     with lambda = 1/(C*N).
   The training rows are the ones lossbook's seeded split picks; they are read
   from data/breast_cancer_train_rows.txt, which tests/models.rs keeps current.
   Features are standardised with the training rows' mean and population
   standard deviation (divisor N), as src/data.rs does.

2. statsmodels' RLM with Huber's norm HuberT(t) on stackloss (all 21 rows,
   columns standardised the same way, plus an intercept), with the scale held
   fixed: RLM minimises sum_i rho_t(e_i / s); since s^2 rho_t(e/s) is exactly
   Huber's loss with delta = t*s, lossbook's Huber objective with that delta
   has the same minimiser.
"""

import json
import pathlib

import numpy as np
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression

ROOT = pathlib.Path(__file__).resolve().parent.parent
C = 1.0
HUBER_T = 1.345


def load(name):
    lines = (ROOT / "data" / name).read_text().splitlines()
    table = np.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    return table[:, :-1], table[:, -1]


def standardise(x):
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std == 0] = 1.0
    return (x - mean) / std


def logistic():
    x, y = load("breast_cancer.csv")
    rows = [int(r) for r in (ROOT / "data" / "breast_cancer_train_rows.txt").read_text().split()]
    x, y = standardise(x[rows]), y[rows]
    # scipy's L-BFGS-B also stops when the objective's relative decrease falls
    # below 64 machine epsilons (scikit-learn fixes that ftol), which leaves a
    # gradient norm of about 3e-8 here. warm_start refits restart L-BFGS from
    # the previous coefficients until they stop moving.
    fit = LogisticRegression(C=C, solver="lbfgs", tol=1e-12, max_iter=100_000, warm_start=True)
    restarts, previous = 0, None
    while restarts < 50:
        fit.fit(x, y)
        current = np.r_[fit.coef_[0], fit.intercept_]
        restarts += 1
        if previous is not None and np.max(np.abs(current - previous)) < 1e-13:
            break
        previous = current
    w, b = fit.coef_[0], fit.intercept_[0]
    z = x @ w + b
    logloss = np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))
    lam = 1.0 / (C * len(y))
    return {
        "C": C,
        "lambda": lam,
        "rows": len(y),
        "coef": list(w) + [b],
        "objective": logloss + 0.5 * lam * float(w @ w),
        "restarts": restarts,
        "gradient_norm": float(np.linalg.norm(np.r_[x.T @ (1 / (1 + np.exp(-z)) - y) / len(y) + lam * w, np.mean(1 / (1 + np.exp(-z)) - y)])),
    }


def huber():
    x, y = load("stackloss.csv")
    design = sm.add_constant(standardise(x))
    norm = sm.robust.norms.HuberT(t=HUBER_T)
    # update_scale=False: the scale stays at its starting value, the MAD of the
    # least-squares residuals (statsmodels' default scale estimate), for the
    # whole IRLS run, so the fit minimises sum_i rho_t(e_i / s) at that fixed s.
    fit = sm.RLM(y, design, M=norm).fit(update_scale=False, tol=1e-14, maxiter=10_000, conv="coefs")
    scale = float(fit.scale)
    params = fit.params
    estimated = sm.RLM(y, design, M=norm).fit().params
    return {
        "t": HUBER_T,
        "scale": scale,
        "delta": HUBER_T * scale,
        "coef": [params[1], params[2], params[3], params[0]],
        "iterations": int(fit.fit_history["iteration"]),
        "coef_with_scale_estimated": [estimated[1], estimated[2], estimated[3], estimated[0]],
    }


def main():
    doc = {
        "versions": {
            "scikit-learn": sklearn.__version__,
            "statsmodels": statsmodels.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
        "logistic_regression": logistic(),
        "huber_regression": huber(),
    }
    path = ROOT / "tools" / "sklearn_reference.json"
    path.write_text(json.dumps(doc, indent=1) + "\n")
    print(json.dumps(doc, indent=1)[:1500])


if __name__ == "__main__":
    main()
