"""The two models of the model contract, as PyTorch modules that export to the project's ONNX op set.

Emotion model (stateful): one 0.5 s frame, z-scored log-mel time-major [44, 128], runs through an LSTM
stack whose state is carried from frame to frame; a linear layer and tanh read the last step:
(arousal, valence) in [-1, 1]. With stack = K > 1, K consecutive STFT columns are joined into one LSTM
step (a Reshape of [44, 128] to [44/K, 128 K]): fewer sequential steps, the same information.

Forecaster: the last ten (arousal, valence) readings -> the next S readings (0.5 s apart), through an
LSTM, a linear layer on its last step, and tanh.
"""

import torch
from torch import nn

STEPS = 44
N_MELS = 128


class EmotionModel(nn.Module):
    def __init__(self, hidden=32, layers=2, stack=1, dropout=0.0):
        super().__init__()
        if STEPS % stack:
            raise ValueError(f"stack must divide {STEPS}, got {stack}")
        self.hidden, self.layers, self.stack = hidden, layers, stack
        self.lstm = nn.LSTM(N_MELS * stack, hidden, layers, batch_first=True, dropout=dropout if layers > 1 else 0.0)
        self.linear = nn.Linear(hidden, 2)

    @property
    def steps_per_frame(self):
        return STEPS // self.stack

    def zero_state(self, batch=1):
        shape = (self.layers, batch, self.hidden)
        return torch.zeros(shape), torch.zeros(shape)

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
