"""Training of the stateful emotion model (truncated back-propagation through time) and the forecaster.

Emotion model. Each step takes a batch of windows of W consecutive frames (from a random start, so
the model also learns to start from a reset state anywhere in a track; sometimes spliced from two
tracks, so it learns to follow a change of music without a reset), augments and z-scores them, and
runs them from a zero state in chunks of K frames: the loss (mean squared error over the labelled
frames, times each track's per-dimension weight) is back-propagated within a chunk, and the state is carried,
detached, into the next chunk. That is the state the model carries at run time, frame after frame.
Validation runs every validation track whole from a zero state; the best epoch is kept (early stopping).

Forecaster. Windows of ten consecutive labels -> the next S labels, from every labelled stretch.
"""

import copy
import dataclasses
import math
import time

import numpy as np
import torch

from . import augment, features, metrics, model as models

FORECAST_HISTORY = 10


@dataclasses.dataclass
class EmotionConfig:
    arch: str = "lstm"  # one of model.ARCHITECTURES
    hidden: int = 32
    layers: int = 2
    stack: int = 1
    dropout: float = 0.0
    window: int = 32  # frames per training window
    chunk: int = 8  # frames per truncated back-propagation step
    batch: int = 16
    lr: float = 3e-3
    weight_decay: float = 1e-5
    epochs: int = 30
    patience: int = 6
    halve_lr_after: int = 3  # epochs without improvement before the learning rate is halved
    windows_per_track: float = 1.0  # windows drawn per training track and epoch
    start_probability: float = 0.25  # of a window starting at the track's first frame
    splice_probability: float = 0.2
    seed: int = 1
    threads: int = 2
    time_budget_s: float = math.inf
    quadrant_weight: float = 0.1  # cross-entropy of the quadrant head, for architectures that have one
    augmentation: augment.Augmentation = dataclasses.field(default_factory=augment.Augmentation)


def _seed_everything(seed, threads):
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    return np.random.default_rng(seed)


def _window(track, start, length):
    return np.asarray(track.logmel[start:start + length]), track.labels[start:start + length]


def sample_window(tracks, rng, config):
    """(log-mel [W, 128, 44], labels [W, 2], weights [W, 2]) drawn as the module docstring describes."""
    track = tracks[int(rng.integers(len(tracks)))]
    n = len(track.labels)
    w = min(config.window, n)
    start = 0 if rng.random() < config.start_probability else int(rng.integers(0, n - w + 1))
    logmel, labels = _window(track, start, w)
    weights = np.tile(np.asarray(track.weight, dtype=np.float32), (w, 1))
    if rng.random() < config.splice_probability and w >= 4:
        other = tracks[int(rng.integers(len(tracks)))]
        cut = int(rng.integers(w // 4, 3 * w // 4))
        m = len(other.labels)
        if m >= w - cut:
            o_start = int(rng.integers(0, m - (w - cut) + 1))
            o_logmel, o_labels = _window(other, o_start, w - cut)
            logmel = np.concatenate([logmel[:cut], o_logmel])
            labels = np.concatenate([labels[:cut], o_labels])
            weights[cut:] = other.weight
    if w < config.window:  # a track shorter than a window: repeat its last frame, unlabelled
        pad = config.window - w
        logmel = np.concatenate([logmel, np.repeat(logmel[-1:], pad, axis=0)])
        labels = np.concatenate([labels, np.full((pad, 2), np.nan, dtype=np.float32)])
        weights = np.concatenate([weights, np.zeros((pad, 2), dtype=np.float32)])
    return logmel, labels, weights


def model_input(logmel):
    """Z-scored, time-major frames [n, 44, 128] as the runtime feeds them."""
    z, _ = features.zscore(logmel)
    return z


def predict(model, logmel, h=None, c=None):
    """(av [n, 2], h, c): frames fed in order, state carried from (h, c) or from zero."""
    model.eval()
    with torch.no_grad():
        if h is None:
            h, c = model.zero_state()
        frames = torch.from_numpy(model_input(logmel))[None]
        av, h, c = model.run_frames(frames, h, c)
    return av[0].numpy(), h, c


def classify(model, logmel):
    """Quadrant index per frame from a model's quadrant head (net.classifies), state carried from zero."""
    model.eval()
    with torch.no_grad():
        frames = torch.from_numpy(model_input(logmel))[None]
        _, logits, _, _ = model.run_frames(frames, *model.zero_state(), logits=True)
    return logits[0].argmax(dim=-1).numpy()


def evaluate_tracks(model, tracks):
    """Predictions per track (each from a zero state) and the metrics over all labelled frames."""
    preds = [predict(model, t.logmel)[0] for t in tracks]
    return preds, metrics.report(np.concatenate(preds), np.concatenate([t.labels for t in tracks]))


def score(report):
    """The number early stopping minimises: mean RMSE over arousal and valence."""
    return (report["arousal"]["rmse"] + report["valence"]["rmse"]) / 2


def train_emotion(train_tracks, val_tracks, config, log=print):
    """(best model, history): history has one row per epoch with training loss and validation numbers."""
    rng = _seed_everything(config.seed, config.threads)
    net = models.build(config.arch, config.hidden, config.layers, config.stack, config.dropout)
    optimiser = torch.optim.Adam(net.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    windows_per_epoch = max(config.batch, int(round(config.windows_per_track * len(train_tracks))))
    steps_per_epoch = max(1, windows_per_epoch // config.batch)
    best, best_score, best_epoch, history = None, math.inf, -1, []
    started = time.monotonic()
    for epoch in range(config.epochs):
        net.train()
        epoch_start, epoch_cpu, losses = time.monotonic(), time.process_time(), []
        for _ in range(steps_per_epoch):
            batch = [sample_window(train_tracks, rng, config) for _ in range(config.batch)]
            frames = np.stack([model_input(config.augmentation(b[0], rng)) for b in batch])
            labels = np.stack([b[1] for b in batch])
            weights = np.stack([b[2] for b in batch])
            losses.append(_tbptt(net, optimiser, frames, labels, weights, config.chunk, config.quadrant_weight))
        _, val_report = evaluate_tracks(net, val_tracks)
        val_score = score(val_report)
        row = {"epoch": epoch + 1, "train_mse": float(np.mean(losses)), "val_rmse": val_score,
               "val_ccc_arousal": val_report["arousal"]["ccc"], "val_ccc_valence": val_report["valence"]["ccc"],
               "seconds": time.monotonic() - epoch_start, "cpu_seconds": time.process_time() - epoch_cpu}
        history.append(row)
        improved = val_score < best_score
        if improved:
            best, best_score, best_epoch = copy.deepcopy(net.state_dict()), val_score, epoch
        log(f"epoch {epoch + 1:3d}: train mse {row['train_mse']:.4f}  val rmse {val_score:.4f}  "
            f"ccc A {row['val_ccc_arousal']:.3f} V {row['val_ccc_valence']:.3f}  ({row['seconds']:.0f} s, cpu {row['cpu_seconds']:.0f} s)"
            f"{'  *' if improved else ''}")
        if epoch - best_epoch >= config.patience:
            log(f"early stop: no improvement for {config.patience} epochs")
            break
        if epoch > best_epoch and (epoch - best_epoch) % config.halve_lr_after == 0:
            for group in optimiser.param_groups:
                group["lr"] /= 2
            log(f"learning rate halved to {optimiser.param_groups[0]['lr']:.2g}")
        if time.monotonic() - started > config.time_budget_s:
            log(f"time budget of {config.time_budget_s:.0f} s reached")
            break
    net.load_state_dict(best)
    net.eval()
    return net, history


def _tbptt(net, optimiser, frames, labels, weights, chunk, quadrant_weight=0.0):
    """One pass over a batch of windows in chunks of `chunk` frames; returns the mean chunk loss. A model with
    a quadrant head (net.classifies) adds quadrant_weight x its cross-entropy on the fully labelled frames."""
    x = torch.from_numpy(frames)
    y = torch.from_numpy(np.nan_to_num(labels))
    mask = torch.from_numpy(~np.isnan(labels) * weights)  # [B, W, 2]: 0 where unlabelled
    quadrants = torch.from_numpy(metrics.quadrant(np.nan_to_num(labels).reshape(-1, 2)).reshape(labels.shape[:2]))
    labelled = torch.from_numpy(~np.isnan(labels).any(axis=2) & (weights > 0).all(axis=2))
    h, c = net.zero_state(x.shape[0])
    losses = []
    for start in range(0, x.shape[1], chunk):
        stop = start + chunk
        if net.classifies:
            av, logits, h, c = net.run_frames(x[:, start:stop], h, c, logits=True)
        else:
            av, h, c = net.run_frames(x[:, start:stop], h, c)
        h, c = h.detach(), c.detach()
        m = mask[:, start:stop]
        if float(m.sum()) == 0.0:
            continue
        loss = (((av - y[:, start:stop]) ** 2) * m).sum() / m.sum()
        keep = labelled[:, start:stop]
        if net.classifies and quadrant_weight and bool(keep.any()):
            loss = loss + quadrant_weight * torch.nn.functional.cross_entropy(logits[keep], quadrants[:, start:stop][keep])
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        optimiser.step()
        losses.append(float(loss))
    return float(np.mean(losses)) if losses else 0.0


# -- forecaster ------------------------------------------------------------------------------------

@dataclasses.dataclass
class ForecastConfig:
    hidden: int = 32
    horizon: int = 4
    batch: int = 512
    lr: float = 3e-3
    epochs: int = 30
    patience: int = 6
    seed: int = 1
    threads: int = 2
    noise: float = 0.08  # histories get noise of std uniform in [0, noise]: run-time readings jitter


def forecast_windows(label_sequences, horizon, history=FORECAST_HISTORY):
    """(histories [m, 10, 2], targets [m, S, 2]) from every fully labelled stretch of each sequence."""
    xs, ys = [], []
    for labels in label_sequences:
        valid = ~np.isnan(labels).any(axis=1)
        for start in range(0, len(labels) - history - horizon + 1):
            if valid[start:start + history + horizon].all():
                xs.append(labels[start:start + history])
                ys.append(labels[start + history:start + history + horizon])
    if not xs:
        return np.zeros((0, history, 2), np.float32), np.zeros((0, horizon, 2), np.float32)
    return np.stack(xs).astype(np.float32), np.stack(ys).astype(np.float32)


def persistence_forecast(histories, horizon):
    return np.repeat(histories[:, -1:, :], horizon, axis=1)


def linear_trend_forecast(histories, horizon):
    """Least-squares line through the ten readings, extended S steps, clipped to [-1, 1]."""
    n = histories.shape[1]
    t = np.arange(n) - (n - 1) / 2
    slope = np.einsum("t,btd->bd", t, histories - histories.mean(axis=1, keepdims=True)) / (t ** 2).sum()
    ahead = (n - 1) / 2 + np.arange(1, horizon + 1)
    return np.clip(histories.mean(axis=1)[:, None, :] + slope[:, None, :] * ahead[None, :, None], -1, 1)


def train_forecaster(train_sequences, val_sequences, config, log=print):
    rng = _seed_everything(config.seed, config.threads)
    x_train, y_train = forecast_windows(train_sequences, config.horizon)
    x_val, y_val = forecast_windows(val_sequences, config.horizon)
    if len(x_train) == 0 or len(x_val) == 0:
        raise ValueError("no labelled stretch long enough for the forecaster (needs 10 + horizon frames)")
    net = models.ForecasterModel(config.hidden, config.horizon)
    optimiser = torch.optim.Adam(net.parameters(), lr=config.lr)
    xv, yv = torch.from_numpy(x_val), torch.from_numpy(y_val)
    best, best_rmse, best_epoch, history = None, math.inf, -1, []
    for epoch in range(config.epochs):
        net.train()
        order = rng.permutation(len(x_train))
        for start in range(0, len(order), config.batch):
            idx = order[start:start + config.batch]
            scale = rng.uniform(0, config.noise, (len(idx), 1, 1))
            xb = torch.from_numpy((x_train[idx] + scale * rng.standard_normal(x_train[idx].shape)).astype(np.float32))
            loss = ((net(xb) - torch.from_numpy(y_train[idx])) ** 2).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        net.eval()
        with torch.no_grad():
            val_rmse = float(torch.sqrt(((net(xv) - yv) ** 2).mean()))
        history.append({"epoch": epoch + 1, "val_rmse": val_rmse})
        if val_rmse < best_rmse:
            best, best_rmse, best_epoch = copy.deepcopy(net.state_dict()), val_rmse, epoch
        if epoch - best_epoch >= config.patience:
            break
    log(f"forecaster: best val rmse {best_rmse:.4f} at epoch {best_epoch + 1} of {len(history)}")
    net.load_state_dict(best)
    net.eval()
    return net, history


def forecast(net, histories):
    with torch.no_grad():
        return net(torch.from_numpy(np.asarray(histories, np.float32))).numpy()
