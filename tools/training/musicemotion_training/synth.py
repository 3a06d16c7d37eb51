"""Rendered music whose cues drift over a track, labelled per 0.5 s frame by the additive cue model.

A track has drums, bass, chords and a melody, each with a timbre drawn per track, over a beat grid
that follows the tempo curve. Eight cue curves (cue_model.CUES) steer what is played: tempo, loudness
(the mix is levelled to the loudness curve), note density (subdivisions per beat of every part),
brightness (harmonic roll-off, FM index, filter of noise instruments; louder notes are brighter too,
as on real instruments), articulation (note length over inter-onset interval), mode (the diatonic mode
of each four-bar section), consonance (added clusters and tritones, detuned beating voices, chromatic
melody notes) and register (pitch centre of melody, chords and bass).

The cue curves share two latent trajectories (one for arousal, one for valence) so that, as in real
music, cues that push the same way tend to move together, while each also drifts on its own, so every
cue's effect can be learnt. Sections sometimes change abruptly, as songs do. Everything is drawn from
one numpy Generator per track (seeded from the corpus seed and the track number), so a track does not
depend on which others were rendered.
"""

import numpy as np
import scipy.signal

from . import cue_model

SAMPLE_RATE = 44_100
CONTROL_RATE = 20  # cue curves are sampled every 50 ms
FRAME_SECONDS = 0.5

SCALES = {
    "ionian": (0, 2, 4, 5, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "aeolian": (0, 2, 3, 5, 7, 8, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
}
# Scale-degree progressions, one chord per bar. The tonic comes back often: the quality of the tonic triad
# (major in Ionian/Mixolydian, minor in Dorian/Aeolian/Phrygian) is what makes a mode heard.
PROGRESSIONS = ((0, 3, 4, 0), (0, 5, 3, 4), (0, 4, 0, 3), (0, 3, 0, 4), (0, 5, 0, 4), (0, 1, 0, 4), (0, 6, 4, 0))
DENSITY_STEPS = np.array([0.5, 1.0, 2.0, 3.0, 4.0])  # notes per beat a part can play

MELODY_TIMBRES = ("square-lead", "saw-lead", "flute", "fm-bell", "pluck", "organ")
CHORD_TIMBRES = ("pad", "organ", "epiano", "pluck", "strings")
BASS_TIMBRES = ("sine-bass", "saw-bass", "pluck", "fm-bass")


def midi_hz(midi):
    return 440.0 * 2.0 ** ((np.asarray(midi, dtype=np.float64) - 69.0) / 12.0)


class CueCurves:
    """The eight cue curves of one track, u in [-1, 1] sampled at CONTROL_RATE."""

    def __init__(self, rng, duration, coupling=0.6, overrides=None):
        self.n = int(round(duration * CONTROL_RATE)) + 1
        self.times = np.arange(self.n) / CONTROL_RATE
        latent = {"arousal": self._trajectory(rng, bias=rng.uniform(-0.6, 0.6)),
                  "valence": self._trajectory(rng, bias=rng.uniform(-0.6, 0.6))}
        self.u = {}
        for cue in cue_model.CUES:
            dimension = "arousal" if cue.arousal >= cue.valence else "valence"
            own = self._trajectory(rng, bias=rng.uniform(-0.5, 0.5))
            self.u[cue.name] = np.clip(coupling * latent[dimension] + (1 - coupling) * own, -1, 1)
        for name, value in (overrides or {}).items():
            self.u[name] = np.full(self.n, float(value))  # a held cue: for tests and listening checks

    def _trajectory(self, rng, bias):
        """Anchors every 4-12 s joined by slow cosine drifts or, one time in four, a half-second jump."""
        values = np.empty(self.n)
        t, value = 0.0, np.clip(bias + rng.uniform(-0.6, 0.6), -1, 1)
        end = self.times[-1]
        while t <= end:
            length = rng.uniform(4.0, 12.0)
            target = np.clip(bias + rng.uniform(-0.9, 0.9), -1, 1)
            ramp = 0.5 if rng.random() < 0.25 else length
            mask = (self.times >= t) & (self.times < t + length)
            local = self.times[mask] - t
            progress = np.clip((local - (length - ramp)) / ramp, 0, 1)
            values[mask] = value + (target - value) * 0.5 * (1 - np.cos(np.pi * progress))
            t, value = t + length, target
        return values

    def at(self, name, t):
        return float(np.interp(t, self.times, self.u[name]))


_WAVETABLES = {}
_TABLE_SIZE = 2048


def _wavetable(harmonics, rolloff, odd_only):
    """One period of a tone whose k-th harmonic has amplitude k^-rolloff, peak 1 (cached: no randomness)."""
    key = (harmonics, rolloff, odd_only)
    if key not in _WAVETABLES:
        k = np.arange(1, harmonics + 1)
        amps = k ** -rolloff
        if odd_only:
            amps[k % 2 == 0] = 0.0
        x = np.arange(_TABLE_SIZE) / _TABLE_SIZE
        table = np.sin(2 * np.pi * np.outer(x, k)) @ amps
        _WAVETABLES[key] = table / np.abs(table).max()
    return _WAVETABLES[key]


class Timbres:
    """Note renderers: each returns float64 samples of one note, peak about 1 before velocity."""

    def __init__(self, rng):
        self.rng = rng
        self._drums = {}

    def _harmonic(self, f0, n, rolloff, odd_only=False, detune_cents=0.0):
        # Band-limited: no harmonic above 18 kHz. Roll-off in steps of 0.1 keeps the table cache small.
        harmonics = int(max(1, min(40, 18_000 // max(f0, 1.0))))
        table = _wavetable(harmonics, round(rolloff, 1), odd_only)
        f = f0 * 2 ** (detune_cents / 1200.0)
        phase = self.rng.random() + f / SAMPLE_RATE * np.arange(n)
        return table[(phase * _TABLE_SIZE).astype(np.int64) % _TABLE_SIZE]

    @staticmethod
    def _adsr(n, attack, decay, sustain, release, sounding):
        """Envelope over n samples: attack, decay to sustain while the note sounds, then release."""
        t = np.arange(n) / SAMPLE_RATE
        env = np.where(t < attack, t / max(attack, 1e-4),
                       sustain + (1 - sustain) * np.exp(-(t - attack) / max(decay, 1e-4)))
        after = t > sounding
        if after.any():
            level = env[~after][-1] if (~after).any() else 0.0
            env[after] = level * np.exp(-(t[after] - sounding) / max(release, 1e-4))
        return env

    def _pluck(self, f0, n, brightness):
        """Karplus-Strong string: a noise burst circulating in a delay line with a two-point average."""
        period = max(2, int(round(SAMPLE_RATE / f0)))
        burst = self.rng.uniform(-1, 1, period)
        smooth = 1 + int(round((1 - brightness) * 6))
        burst = np.convolve(burst, np.ones(smooth) / smooth, mode="same")
        # One leading zero gives the first period its "previous sample" without a special case.
        line = np.zeros(n + period + 1)
        line[1:period + 1] = burst
        decay = 0.996 - 0.004 * (1 - brightness)
        for start in range(period + 1, len(line), period):
            stop = min(start + period, len(line))
            line[start:stop] = decay * 0.5 * (line[start - period:stop - period] + line[start - period - 1:stop - period - 1])
        out = line[1:n + 1]
        return out / max(np.abs(out).max(), 1e-9)

    def _fm(self, f0, n, ratio, index, decay):
        t = np.arange(n) / SAMPLE_RATE
        env_index = index * np.exp(-t / decay)
        phase0 = self.rng.random() * 2 * np.pi
        return np.sin(2 * np.pi * f0 * t + phase0 + env_index * np.sin(2 * np.pi * f0 * ratio * t))

    def note(self, timbre, midi, length, sounding, velocity, brightness, detune_cents=0.0):
        """One note of `length` samples held for `sounding` seconds, brightness and velocity in [0, 1]."""
        f0 = float(midi_hz(midi))
        # Louder playing is brighter on acoustic instruments: velocity lowers the roll-off too.
        rolloff = max(0.6, 2.8 - 1.7 * brightness - 0.5 * velocity)
        if timbre in ("square-lead", "saw-lead", "saw-bass", "strings", "pad"):
            tone = self._harmonic(f0, length, rolloff, odd_only=timbre == "square-lead", detune_cents=detune_cents)
            if timbre in ("pad", "strings"):
                tone = 0.5 * (tone + self._harmonic(f0, length, rolloff, detune_cents=detune_cents + 7.0))
            slow = timbre in ("pad", "strings")
            env = self._adsr(length, 0.08 if slow else 0.01, 0.3, 0.7, 0.25 if slow else 0.06, sounding)
        elif timbre in ("organ", "sine-bass"):
            tone = self._harmonic(f0, length, rolloff + (1.5 if timbre == "sine-bass" else 0.8), detune_cents=detune_cents)
            env = self._adsr(length, 0.01, 0.1, 0.9, 0.04, sounding)
        elif timbre == "flute":
            tone = self._harmonic(f0, length, rolloff + 1.0, detune_cents=detune_cents)
            breath = np.convolve(self.rng.normal(0, 1, length), np.ones(4) / 4, mode="same")
            tone = tone + (0.05 + 0.1 * brightness) * breath
            env = self._adsr(length, 0.05, 0.2, 0.8, 0.08, sounding)
        elif timbre in ("fm-bell", "epiano", "fm-bass"):
            ratio = {"fm-bell": 3.5, "epiano": 1.0, "fm-bass": 1.0}[timbre]
            tone = self._fm(f0 * 2 ** (detune_cents / 1200.0), length, ratio, 0.3 + 4.5 * brightness * (0.5 + 0.5 * velocity),
                            0.4 if timbre == "fm-bell" else 0.25)
            env = self._adsr(length, 0.003, 0.6 if timbre == "fm-bell" else 0.35, 0.0, 0.08, sounding)
        elif timbre == "pluck":
            tone = self._pluck(f0 * 2 ** (detune_cents / 1200.0), length, brightness)
            env = self._adsr(length, 0.002, 10.0, 1.0, 0.05, sounding)
        else:
            raise ValueError(f"unknown timbre {timbre!r}")
        return velocity * tone * env

    def drum(self, kind, length, velocity, brightness):
        """A drum hit from a small bank per (kind, brightness step): three noise variants cycled."""
        key = (kind, length, round(brightness * 4) / 4)
        bank = self._drums.setdefault(key, [])
        if len(bank) < 3:
            bank.append(self._drum_hit(kind, length, key[2]))
        return velocity * bank[int(self.rng.integers(len(bank)))]

    def _drum_hit(self, kind, length, brightness):
        t = np.arange(length) / SAMPLE_RATE
        if kind == "kick":
            pitch = 48 + 110 * np.exp(-t / 0.04)
            return np.sin(2 * np.pi * np.cumsum(pitch) / SAMPLE_RATE) * np.exp(-t / 0.18)
        noise = self.rng.uniform(-1, 1, length)
        if kind == "snare":
            b, a = scipy.signal.butter(2, [1200 + 2500 * brightness, 9000], btype="bandpass", fs=SAMPLE_RATE)
            body = 0.5 * np.sin(2 * np.pi * 185 * t) * np.exp(-t / 0.05)
            return scipy.signal.lfilter(b, a, noise) * np.exp(-t / 0.12) + body
        b, a = scipy.signal.butter(2, 5000 + 5000 * brightness, btype="highpass", fs=SAMPLE_RATE)
        return 0.6 * scipy.signal.lfilter(b, a, noise) * np.exp(-t / (0.03 if kind == "hat" else 0.2))


class TrackRenderer:
    """Renders one synthetic track and reports the cue values it realised per 0.5 s frame."""

    def __init__(self, rng, duration=45.0, overrides=None, parts=None):
        self.rng = rng
        self.duration = duration
        self.n = int(round(duration * SAMPLE_RATE))
        self.cues = CueCurves(rng, duration, overrides=overrides)
        self.timbres = Timbres(rng)
        self.root = int(rng.integers(0, 12))
        self.meter = 3 if rng.random() < 0.2 else 4
        self.parts = {
            "drums": rng.random() < 0.8,
            "bass": rng.random() < 0.9,
            "chords": rng.random() < 0.95,
            "melody": rng.random() < 0.9,
        }
        if not (self.parts["chords"] or self.parts["melody"]):
            self.parts["melody"] = True
        if parts is not None:
            self.parts = {name: name in parts for name in self.parts}
        self.melody_timbre = str(rng.choice(MELODY_TIMBRES))
        self.chord_timbre = str(rng.choice(CHORD_TIMBRES))
        self.bass_timbre = str(rng.choice(BASS_TIMBRES))
        self.mode_curve = np.zeros_like(self.cues.times)
        self._melody_degree = int(rng.integers(0, 7))  # the melody walks on scale degrees from bar to bar

    # -- cue helpers -------------------------------------------------------------------------------
    def _u(self, name, t):
        return self.cues.at(name, t)

    def _unit01(self, name, t):
        return (self._u(name, t) + 1.0) / 2.0

    def _density(self, t):
        wanted = cue_model.from_unit(self._u("density", t), *cue_model.DENSITY_NOTES_PER_BEAT, log=True)
        return float(DENSITY_STEPS[np.argmin(np.abs(np.log(DENSITY_STEPS / wanted)))])

    def _articulation(self, t):
        return float(cue_model.from_unit(self._u("articulation", t), 0.95, 0.2))

    def _velocity(self, t):
        return 0.55 + 0.45 * self._unit01("loudness", t) + self.rng.uniform(-0.05, 0.05)

    def _dissonance(self, t):
        return 1.0 - self._unit01("consonance", t)

    # -- structure ---------------------------------------------------------------------------------
    def _beats(self):
        beats, t = [], float(self.rng.uniform(0.0, 0.3))
        while t < self.duration:
            beats.append(t)
            bpm = cue_model.from_unit(self._u("tempo", t), *cue_model.TEMPO_BPM, log=True)
            t += 60.0 / bpm
        beats.append(t)
        return np.array(beats)

    def _pick_mode(self, t):
        target = self._u("mode", t) + self.rng.normal(0, 0.15)
        names = list(cue_model.MODES)
        return names[int(np.argmin([abs(cue_model.MODES[m] - target) for m in names]))]

    def _place(self, mix, start_s, samples):
        start = int(round(start_s * SAMPLE_RATE))
        if start >= self.n:
            return
        stop = min(self.n, start + len(samples))
        mix[start:stop] += samples[:stop - start]

    def render(self):
        """(float32 mono samples in [-1, 1), per-frame cue values {name: [n_frames]})."""
        beats = self._beats()
        mix = np.zeros(self.n)
        bars = range(0, len(beats) - 1, self.meter)
        progression = PROGRESSIONS[int(self.rng.integers(len(PROGRESSIONS)))]
        mode = "ionian"
        for bar_number, first in enumerate(bars):
            bar_beats = beats[first:first + self.meter + 1]
            if len(bar_beats) < 2:
                break
            if bar_number % 4 == 0:
                mode = self._pick_mode(bar_beats[0])
                if self.rng.random() < 0.3:
                    progression = PROGRESSIONS[int(self.rng.integers(len(PROGRESSIONS)))]
            section = (self.cues.times >= bar_beats[0]) & (self.cues.times < bar_beats[-1])
            self.mode_curve[section] = cue_model.MODES[mode]
            degree = progression[bar_number % len(progression)]
            self._render_bar(mix, bar_beats, SCALES[mode], degree)
        self.mode_curve[self.cues.times >= beats[-1]] = cue_model.MODES[mode]
        audio = self._master(mix)
        return audio.astype(np.float32), self._frame_cues()

    def _chord(self, scale, degree, t):
        """MIDI notes of the diatonic triad (or seventh) on `degree`, plus the dissonance the cue asks for."""
        centre = 48 + 14 * self._unit01("register", t)
        base = self.root + 12 * int(round((centre - self.root) / 12.0))
        steps = (0, 2, 4, 6) if self.rng.random() < 0.3 else (0, 2, 4)
        notes = [base + scale[(degree + s) % 7] + 12 * ((degree + s) // 7) for s in steps]
        d = self._dissonance(t)
        if self.rng.random() < d * 0.8:
            notes.append(notes[0] + 1)
        if self.rng.random() < d * 0.6:
            notes.append(notes[0] + 6)
        return notes

    def _render_bar(self, mix, bar_beats, scale, degree):
        t0 = bar_beats[0]
        beat_len = float(np.mean(np.diff(bar_beats)))
        density = self._density(t0)
        chord = self._chord(scale, degree, t0)
        if self.parts["chords"]:
            self._render_chords(mix, bar_beats, chord, density)
        if self.parts["bass"]:
            self._render_bass(mix, bar_beats, chord[0], density)
        if self.parts["drums"]:
            self._render_drums(mix, bar_beats, beat_len, density)
        if self.parts["melody"]:
            self._render_melody(mix, bar_beats, scale, degree, density)

    def _onsets(self, bar_beats, per_beat):
        """Onset times of `per_beat` notes per beat over the bar (per_beat 0.5 = every other beat)."""
        out = []
        for i in range(len(bar_beats) - 1):
            a, b = bar_beats[i], bar_beats[i + 1]
            if per_beat < 1:
                if i % 2 == 0:
                    out.append((a, 2 * (b - a)))
                continue
            step = (b - a) / per_beat
            out.extend((a + j * step, step) for j in range(int(per_beat)))
        return out

    def _render_chords(self, mix, bar_beats, chord, density):
        per_beat = 0.5 if density <= 1.0 else 1.0 if density <= 3.0 else 2.0
        if density <= 0.5:
            onsets = [(bar_beats[0], bar_beats[-1] - bar_beats[0])]
        else:
            onsets = self._onsets(bar_beats, per_beat)
        for start, span in onsets:
            sounding = span * self._articulation(start)
            length = int((sounding + 0.4) * SAMPLE_RATE)
            d = self._dissonance(start)
            for i, midi in enumerate(chord):
                detune = (1 if i % 2 else -1) * 25.0 * d
                note = self.timbres.note(self.chord_timbre, midi, length, sounding, self._velocity(start) * 0.22,
                                         self._unit01("brightness", start), detune)
                self._place(mix, start + (0.012 * i if self.chord_timbre == "pluck" else 0.0), note)

    def _render_bass(self, mix, bar_beats, chord_root, density):
        per_beat = 0.5 if density <= 1.0 else 1.0 if density <= 2.0 else 2.0
        midi_root = 28 + (chord_root - 28) % 12 + (12 if self._u("register", bar_beats[0]) > 0.5 else 0)
        for j, (start, span) in enumerate(self._onsets(bar_beats, per_beat)):
            midi = midi_root + (7 if (j % 4 == 2 and self.rng.random() < 0.5) else 0)
            sounding = span * self._articulation(start)
            note = self.timbres.note(self.bass_timbre, midi, int((sounding + 0.3) * SAMPLE_RATE), sounding,
                                     self._velocity(start) * 0.5, self._unit01("brightness", start) * 0.7)
            self._place(mix, start, note)

    def _render_drums(self, mix, bar_beats, beat_len, density):
        hats = 1 if density < 1.0 else 2 if density < 2.5 else 4
        for i in range(len(bar_beats) - 1):
            a = bar_beats[i]
            vel = self._velocity(a)
            bright = self._unit01("brightness", a)
            if i == 0 or (self.meter == 4 and i == 2) or (density >= 3 and self.rng.random() < 0.4):
                self._place(mix, a, self.timbres.drum("kick", int(0.5 * SAMPLE_RATE), vel * 0.9, bright))
            if density >= 3 and self.rng.random() < 0.3:
                self._place(mix, a + beat_len / 2, self.timbres.drum("kick", int(0.5 * SAMPLE_RATE), vel * 0.7, bright))
            if (self.meter == 4 and i in (1, 3)) or (self.meter == 3 and i == 1 and density >= 1):
                self._place(mix, a, self.timbres.drum("snare", int(0.35 * SAMPLE_RATE), vel * 0.6, bright))
            for j in range(hats):
                kind = "open-hat" if (j == hats - 1 and self.rng.random() < 0.15) else "hat"
                self._place(mix, a + j * beat_len / hats,
                            self.timbres.drum(kind, int(0.3 * SAMPLE_RATE), vel * (0.35 if j else 0.45), bright))

    def _render_melody(self, mix, bar_beats, scale, chord_degree, density):
        chord_tones = {(chord_degree + s) % 7 for s in (0, 2, 4)}
        for start, span in self._onsets(bar_beats, density):
            if self.rng.random() < 0.12:
                continue  # a rest
            self._melody_degree += int(self.rng.choice([-2, -1, -1, 0, 1, 1, 2, 3, -3]))
            if np.min(np.abs(bar_beats - start)) < 1e-6:
                # On the beat the melody lands on a chord tone, as tonal melodies do.
                self._melody_degree += next(d for d in (0, 1, -1) if (self._melody_degree + d) % 7 in chord_tones)
            centre = 52 + 32 * self._unit01("register", start)
            octave, step = divmod(self._melody_degree, 7)
            midi = self.root + scale[step] + 12 * octave + 60
            while midi > centre + 7:
                midi -= 12
                self._melody_degree -= 7
            while midi < centre - 7:
                midi += 12
                self._melody_degree += 7
            if self.rng.random() < 0.35 * self._dissonance(start):
                midi += int(self.rng.choice([-1, 1]))  # chromatic, out of the mode
            sounding = span * self._articulation(start)
            note = self.timbres.note(self.melody_timbre, midi, int((sounding + 0.3) * SAMPLE_RATE), sounding,
                                     self._velocity(start) * 0.35, self._unit01("brightness", start))
            self._place(mix, start, note)

    # -- mix ---------------------------------------------------------------------------------------
    def _master(self, mix):
        """Room reverb, then a slow gain that follows the loudness curve, then a soft peak limiter."""
        rt60 = self.rng.uniform(0.3, 1.6)
        wet = self.rng.uniform(0.05, 0.3)
        ir_t = np.arange(int(rt60 * SAMPLE_RATE)) / SAMPLE_RATE
        ir = self.rng.normal(0, 1, len(ir_t)) * np.exp(-6.9 * ir_t / rt60)
        ir /= np.sqrt(np.sum(ir ** 2))
        mix = mix + wet * scipy.signal.oaconvolve(mix, ir)[:self.n]
        # Level: measured over 0.5 s with a 1 s smoothing, so the loudness cue is the level one hears.
        hop = SAMPLE_RATE // 20
        frames = mix[: (self.n // hop) * hop].reshape(-1, hop)
        rms = np.sqrt(np.mean(frames ** 2, axis=1) + 1e-12)
        rms = np.convolve(rms, np.ones(20) / 20, mode="same")
        level_db = 20 * np.log10(np.maximum(rms, 1e-6))
        target_db = cue_model.from_unit(np.interp(np.arange(len(rms)) / 20.0, self.cues.times, self.cues.u["loudness"]),
                                        *cue_model.LOUDNESS_DB)
        gain_db = np.clip(target_db - level_db, -60, 60)
        gain = 10 ** (np.interp(np.arange(self.n) / hop, np.arange(len(gain_db)), gain_db) / 20)
        out = mix * gain
        knee = 0.8
        over = np.abs(out) > knee
        out[over] = np.sign(out[over]) * (knee + 0.19 * np.tanh((np.abs(out[over]) - knee) / 0.19))
        return out

    def _frame_cues(self):
        """Mean of every cue curve over each complete 0.5 s frame [0.5 k, 0.5 k + 0.5)."""
        n_frames = int(self.duration / FRAME_SECONDS)
        per = int(FRAME_SECONDS * CONTROL_RATE)
        out = {}
        for name in cue_model.CUE_NAMES:
            curve = self.mode_curve if name == "mode" else self.cues.u[name]
            out[name] = curve[: n_frames * per].reshape(n_frames, per).mean(axis=1)
        return out


def render_track(seed, index, duration=45.0, overrides=None, parts=None):
    """(samples float32 [n], frame cues {name: [n_frames]}, labels float64 [n_frames, 2]) of track `index`.

    overrides {cue name: u} holds those cues constant; parts (e.g. {"chords", "melody"}) fixes which play."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, index]))
    audio, cues = TrackRenderer(rng, duration, overrides, parts).render()
    return audio, cues, cue_model.labels(cues)
