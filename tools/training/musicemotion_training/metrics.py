"""Regression and quadrant metrics for (arousal, valence) predictions against labels.

Quadrants follow the product's circumplex (MusicEmotion.Inference.Circumplex.QuadrantOf): arousal
decides active/passive, valence positive/negative, and zero counts as active/positive.
"""

import numpy as np

DIMENSIONS = ("arousal", "valence")
QUADRANTS = ("active-positive", "active-negative", "passive-negative", "passive-positive")


def rmse(pred, true):
    return float(np.sqrt(np.mean((np.asarray(pred, np.float64) - np.asarray(true, np.float64)) ** 2)))


def pearson(pred, true):
    p, t = np.asarray(pred, np.float64), np.asarray(true, np.float64)
    if p.std() == 0 or t.std() == 0:
        return float("nan")  # undefined for a constant series (e.g. the mean predictor)
    return float(np.corrcoef(p, t)[0, 1])


def ccc(pred, true):
    """Lin's concordance correlation: 2 cov / (var_p + var_t + (mean_p - mean_t)^2); 0 for a constant guess."""
    p, t = np.asarray(pred, np.float64), np.asarray(true, np.float64)
    cov = np.mean((p - p.mean()) * (t - t.mean()))
    denominator = p.var() + t.var() + (p.mean() - t.mean()) ** 2
    return float(2 * cov / denominator) if denominator > 0 else float("nan")


def quadrant(av):
    """Quadrant index per row of [n, 2] (arousal, valence), in the order of QUADRANTS."""
    av = np.asarray(av)
    active, positive = av[:, 0] >= 0, av[:, 1] >= 0
    return np.select([active & positive, active & ~positive, ~active & ~positive], [0, 1, 2], default=3)


def confusion(pred_q, true_q):
    """[true quadrant, predicted quadrant] counts."""
    matrix = np.zeros((4, 4), dtype=np.int64)
    np.add.at(matrix, (np.asarray(true_q), np.asarray(pred_q)), 1)
    return matrix


def macro_f1(matrix):
    """Mean F1 over the quadrants that occur in the labels or the predictions."""
    scores = []
    for q in range(4):
        tp = matrix[q, q]
        fp = matrix[:, q].sum() - tp
        fn = matrix[q, :].sum() - tp
        if tp + fp + fn == 0:
            continue
        scores.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores)) if scores else float("nan")


def report(pred, true):
    """All metrics of predictions [n, 2] against labels [n, 2] (rows with a NaN label are left out)."""
    pred, true = np.asarray(pred, np.float64), np.asarray(true, np.float64)
    keep = ~np.isnan(true).any(axis=1)
    pred, true = pred[keep], true[keep]
    out = {"frames": int(keep.sum())}
    for d, name in enumerate(DIMENSIONS):
        out[name] = {"rmse": rmse(pred[:, d], true[:, d]), "pearson": pearson(pred[:, d], true[:, d]),
                     "ccc": ccc(pred[:, d], true[:, d])}
    out["quadrant"] = quadrant_report(quadrant(pred), quadrant(true))
    return out


def quadrant_report(pred_q, true_q):
    """Accuracy, macro-F1 and the confusion matrix of quadrant indices (order QUADRANTS)."""
    matrix = confusion(pred_q, true_q)
    return {"accuracy": float(np.trace(matrix) / max(1, matrix.sum())), "macro_f1": macro_f1(matrix),
            "confusion": matrix.tolist(), "order": list(QUADRANTS)}
