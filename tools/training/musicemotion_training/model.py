"""The two models of the model contract, as PyTorch modules that export to the project's ONNX op set.

Emotion model (stateful): one 0.5 s frame, z-scored log-mel time-major [44, 128], runs through an LSTM
stack whose state is carried from frame to frame; a linear layer and tanh read the last step:
(arousal, valence) in [-1, 1]. With stack = K > 1, K consecutive STFT columns are joined into one LSTM
step (a Reshape of [44, 128] to [44/K, 128 K]): fewer sequential steps, the same information.

The other architectures train with --arch (ARCHITECTURES) and keep the same stateful step, forward(mel,
h, c) -> (av, h, c), and run_frames; `state_shape` is the (L, H) of the contract's h_in/c_in [L, 1, H], and
`exportable()` the module whose graph is exported (the same arithmetic, laid out for the engines).

Forecaster: the last ten (arousal, valence) readings -> the next S readings (0.5 s apart), through an
LSTM, a linear layer on its last step, and tanh.
"""

import torch
from torch import nn

STEPS = 44
N_MELS = 128
ARCHITECTURES = ("lstm", "per-dim-lstm", "cnn-lstm", "paper")
DEFAULT_SIZES = {"lstm": "32x2", "per-dim-lstm": "64x2", "cnn-lstm": "32x1", "paper": "20x2"}


class EmotionModel(nn.Module):
    def __init__(self, hidden=32, layers=2, stack=1, dropout=0.0):
        super().__init__()
        if STEPS % stack:
            raise ValueError(f"stack must divide {STEPS}, got {stack}")
        self.hidden, self.layers, self.stack = hidden, layers, stack
        self.lstm = nn.LSTM(N_MELS * stack, hidden, layers, batch_first=True, dropout=dropout if layers > 1 else 0.0)
        self.linear = nn.Linear(hidden, 2)

    classifies = False

    @property
    def steps_per_frame(self):
        return STEPS // self.stack

    @property
    def state_shape(self):
        return self.layers, self.hidden

    def zero_state(self, batch=1):
        layers, hidden = self.state_shape
        return torch.zeros(layers, batch, hidden), torch.zeros(layers, batch, hidden)

    def exportable(self):
        return self

    def describe(self):
        return (f"LSTM(128*{self.stack} -> {self.hidden}, {self.layers} layers, {self.steps_per_frame} steps per frame) "
                "-> Linear -> tanh on the last step")

    def forward(self, mel, h, c):
        """mel [B, 44, 128] -> (av [B, 2], h, c): one frame, the contract's step."""
        x = mel if self.stack == 1 else mel.reshape(mel.shape[0], self.steps_per_frame, N_MELS * self.stack)
        out, (h, c) = self.lstm(x, (h, c))
        return torch.tanh(self.linear(out[:, -1])), h, c

    def run_frames(self, frames, h, c):
        """frames [B, T, 44, 128] -> (av [B, T, 2], h, c): T frames in order, the state carried through.

        The same arithmetic as T calls of forward(), as one LSTM pass over T*44/stack steps."""
        b, t = frames.shape[:2]
        out, (h, c) = self.lstm(frames.reshape(b, t * self.steps_per_frame, N_MELS * self.stack), (h, c))
        last = out[:, self.steps_per_frame - 1::self.steps_per_frame]
        return torch.tanh(self.linear(last)), h, c


class _Variant(EmotionModel):
    """What the other architectures share: a stateful step `_run(x, h, c, every)` over the STFT columns x
    [B, steps, 128] that reads the LSTM output at the steps `every` (the last of each frame)."""

    def __init__(self, hidden, layers):
        nn.Module.__init__(self)
        self.hidden, self.layers, self.stack = hidden, layers, 1

    def forward(self, mel, h, c):
        return self._run(mel, h, c, -1)

    def run_frames(self, frames, h, c):
        b, t = frames.shape[:2]
        return self._run(frames.reshape(b, t * STEPS, N_MELS), h, c, slice(STEPS - 1, None, STEPS))


class PerDimensionModel(_Variant):
    """One LSTM stack for arousal and a separate one for valence, both over the frame's 44 STFT columns, each
    with its own Linear -> tanh. The state is packed along the hidden axis: [L, B, 2H], arousal's H first.

    exportable() lays the two stacks out as one LSTM of hidden 2H with block-diagonal weights (the valence
    units never read the arousal units, nor the other way round) and a block-diagonal Linear: the same
    arithmetic, plus products with zeros, in the single LSTM stack both C# engines run."""

    def __init__(self, hidden=64, layers=2):
        super().__init__(hidden, layers)
        self.arousal = nn.LSTM(N_MELS, hidden, layers, batch_first=True)
        self.valence = nn.LSTM(N_MELS, hidden, layers, batch_first=True)
        self.arousal_head = nn.Linear(hidden, 1)
        self.valence_head = nn.Linear(hidden, 1)

    @property
    def state_shape(self):
        return self.layers, 2 * self.hidden

    def _run(self, x, h, c, every):
        n = self.hidden
        out_a, (h_a, c_a) = self.arousal(x, (h[..., :n].contiguous(), c[..., :n].contiguous()))
        out_v, (h_v, c_v) = self.valence(x, (h[..., n:].contiguous(), c[..., n:].contiguous()))
        av = torch.cat([self.arousal_head(out_a[:, every]), self.valence_head(out_v[:, every])], dim=-1)
        return torch.tanh(av), torch.cat([h_a, h_v], dim=-1), torch.cat([c_a, c_v], dim=-1)


    def describe(self):
        return (f"per dimension: LSTM(128 -> {self.hidden}, {self.layers} layers) -> Linear -> tanh for arousal, and "
                f"another for valence; exported as one LSTM(128 -> {2 * self.hidden}) with block-diagonal weights, "
                f"state [{self.layers},1,{2 * self.hidden}] = [arousal h | valence h]")

    def exportable(self):
        packed = EmotionModel(2 * self.hidden, self.layers)
        n = self.hidden
        with torch.no_grad():
            for name, merged in packed.lstm.named_parameters():
                a, v = getattr(self.arousal, name), getattr(self.valence, name)
                merged.zero_()
                for gate in range(4):  # PyTorch's gate blocks i, f, g, o: each [arousal rows; valence rows]
                    rows = slice(2 * n * gate, 2 * n * gate + n), slice(2 * n * gate + n, 2 * n * (gate + 1))
                    source = slice(n * gate, n * (gate + 1))
                    if name.startswith("bias"):
                        merged[rows[0]], merged[rows[1]] = a[source], v[source]
                    elif name.startswith("weight_ih_l0"):  # both read the whole input
                        merged[rows[0]], merged[rows[1]] = a[source], v[source]
                    else:  # hidden-to-hidden and the upper layers' inputs: each half reads its own half
                        merged[rows[0], :n], merged[rows[1], n:] = a[source], v[source]
            packed.linear.weight.zero_()
            packed.linear.weight[0, :n], packed.linear.weight[1, n:] = self.arousal_head.weight[0], self.valence_head.weight[0]
            packed.linear.bias.copy_(torch.cat([self.arousal_head.bias, self.valence_head.bias]))
        return packed.eval()


class CnnLstmModel(_Variant):
    """2-D convolutions over each frame's log-mel image [44 time x 128 mel] -> an embedding of 256 -> an LSTM
    across frames (one step per frame, its state carried) -> Linear -> tanh (arousal, valence), and beside
    it a 4-quadrant classification head (trained with cross-entropy, reported; not exported: the model
    contract has one output, av). Conv and MaxPool run in ONNX Runtime only; the managed engine refuses them."""

    classifies = True
    CHANNELS = (8, 16, 32)

    def __init__(self, hidden=32, layers=1):
        super().__init__(hidden, layers)
        c1, c2, c3 = self.CHANNELS
        self.cnn = nn.Sequential(
            nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),     # [8, 22, 64]
            nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),    # [16, 11, 32]
            nn.Conv2d(c2, c3, 3, padding=1), nn.ReLU(), nn.MaxPool2d((11, 4)),  # [32, 1, 8]: the frame's time pooled
            nn.Flatten())
        self.embedding = c3 * 8
        self.lstm = nn.LSTM(self.embedding, hidden, layers, batch_first=True)
        self.linear = nn.Linear(hidden, 2)
        self.quadrant = nn.Linear(hidden, 4)

    @property
    def steps_per_frame(self):
        return 1

    def run_frames(self, frames, h, c, logits=False):
        b, t = frames.shape[:2]
        embedded = self.cnn(frames.reshape(b * t, 1, STEPS, N_MELS)).reshape(b, t, self.embedding)
        out, (h, c) = self.lstm(embedded, (h, c))
        av = torch.tanh(self.linear(out))
        return (av, self.quadrant(out), h, c) if logits else (av, h, c)

    def forward(self, mel, h, c):
        av, h, c = self.run_frames(mel[:, None], h, c)
        return av[:, 0], h, c

    def describe(self):
        return (f"CNN over the log-mel frame (Conv3x3 {self.CHANNELS}, ReLU, MaxPool) -> {self.embedding} -> "
                f"LSTM({self.embedding} -> {self.hidden}, {self.layers} layers, one step per frame) -> Linear -> tanh; "
                "quadrant head (4 classes) in training only")


class PaperStatefulModel(_Variant):
    """The paper's layers (Jhanji 2024): LSTM(128, 20, 2) -> LSTM(20, 20, 2) -> Linear(20, 2) on the last
    step, no tanh; trained by our tools with the state carried. The two LSTMs' states are packed on the
    layer axis: [2L, B, H], the first LSTM's layers first. (The same function as one 4-layer LSTM of 20.)"""

    def __init__(self, hidden=20, layers=2):
        super().__init__(hidden, layers)
        self.lstm = nn.LSTM(N_MELS, hidden, layers, batch_first=True)
        self.lstm2 = nn.LSTM(hidden, hidden, layers, batch_first=True)
        self.linear = nn.Linear(hidden, 2)

    @property
    def state_shape(self):
        return 2 * self.layers, self.hidden

    def _run(self, x, h, c, every):
        n = self.layers
        out, (h1, c1) = self.lstm(x, (h[:n], c[:n]))
        out, (h2, c2) = self.lstm2(out, (h[n:], c[n:]))
        return self.linear(out[:, every]), torch.cat([h1, h2]), torch.cat([c1, c2])


    def describe(self):
        return (f"the paper's: LSTM(128 -> {self.hidden}, {self.layers} layers) -> LSTM({self.hidden} -> {self.hidden}, "
                f"{self.layers} layers) -> Linear on the last step (no tanh), state carried; "
                f"state [{2 * self.layers},1,{self.hidden}], the first LSTM's layers first")


def build(arch, hidden, layers, stack=1, dropout=0.0):
    """The emotion model of architecture `arch` (one of ARCHITECTURES); a bad name is a one-line ValueError."""
    if arch not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {arch!r}: expected one of {', '.join(ARCHITECTURES)}")
    if arch != "lstm" and (stack != 1 or dropout):
        raise ValueError(f"architecture {arch!r}: --stack and --dropout apply to lstm only")
    if arch == "lstm":
        return EmotionModel(hidden, layers, stack, dropout)
    return {"per-dim-lstm": PerDimensionModel, "cnn-lstm": CnnLstmModel, "paper": PaperStatefulModel}[arch](hidden, layers)


class ForecasterModel(nn.Module):
    """LSTM over the ten readings -> its last step -> Linear -> tanh -> [S, 2].

    One chain from one LSTM time step: the form the managed C# engine lowers (it runs an LSTM stack and
    then a single chain of dense layers and activations; a head that also reads the model input, as a
    persistence-plus-correction design would, is refused there)."""

    def __init__(self, hidden=32, horizon=4):
        super().__init__()
        self.hidden, self.horizon = hidden, horizon
        self.lstm = nn.LSTM(2, hidden, 1, batch_first=True)
        self.linear = nn.Linear(hidden, 2 * horizon)

    def forward(self, history):
        """history [B, 10, 2] -> next [B, S, 2]."""
        # An explicit zero state exports as ConstantOfShape; torch's implicit one would need Expand.
        zeros = history.new_zeros(1, history.shape[0], self.hidden)
        out, _ = self.lstm(history, (zeros, zeros))
        return torch.tanh(self.linear(out[:, -1])).reshape(history.shape[0], self.horizon, 2)


class PaperEmotionModel(nn.Module):
    """The paper's stateless model (Jhanji 2024): LSTM(128,20,2) -> LSTM(20,20,2) -> Linear(20,2), last step."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(N_MELS, 20, 2, batch_first=True)
        self.lstm2 = nn.LSTM(20, 20, 2, batch_first=True)
        self.linear = nn.Linear(20, 2)

    def forward(self, mel):
        out, _ = self.lstm(mel)
        out, _ = self.lstm2(out)
        return self.linear(out[:, -1])


class PaperPredictorModel(nn.Module):
    """The paper's predictor: LSTM(2,32) -> Linear(32,2) on the last step; its target is 1.0 s ahead."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(2, 32, batch_first=True)
        self.fc = nn.Linear(32, 2)

    def forward(self, history):
        out, _ = self.lstm(history)
        return self.fc(out[:, -1]).unsqueeze(1)
