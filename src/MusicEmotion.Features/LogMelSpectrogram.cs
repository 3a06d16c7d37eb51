using System.Runtime.Intrinsics;
using MusicEmotion.Features.Spectral;

namespace MusicEmotion.Features;

/// <summary>
/// log1p of librosa's mel power spectrogram of one clip (the feature contract of docs/DESIGN.md): periodic Hann,
/// center=True zero padding, power |FFT|^2, Slaney mel filterbank with area norm, then log1p. Output is
/// band-major [bands, frames], as librosa returns it and as the training tools store it.
/// Owns all its buffers, so <see cref="Compute"/> allocates nothing; one instance per thread.
/// </summary>
public sealed class LogMelSpectrogram
{
    private readonly HopColumns _columns;
    private readonly BatchedPowerSpectrum _spectrum;
    private readonly MelFilterbank _filterbank;
    private readonly Vector256<float>[] _power;
    private readonly Vector256<float>[] _mel;
    private readonly float[] _scratch;

    public LogMelSpectrogram(LogMelSettings? settings = null)
    {
        Settings = (settings ?? LogMelSettings.Paper).Validated();
        _columns = new HopColumns(Settings.ClipLength, Settings.FftSize, Settings.HopLength, Settings.Frames);
        _spectrum = new BatchedPowerSpectrum(Settings.FftSize, Settings.HopLength, _columns.RowStride);
        _filterbank = new MelFilterbank(Settings.SampleRate, Settings.FftSize, Settings.MelBands);
        _power = new Vector256<float>[Settings.Bins];
        _mel = new Vector256<float>[Settings.MelBands];
        _scratch = new float[Settings.ValuesPerClip];
    }

    public LogMelSettings Settings { get; }

    public MelFilterbank Filterbank => _filterbank;

    /// <summary>
    /// <paramref name="clip"/>: <see cref="LogMelSettings.ClipLength"/> samples at the settings' rate.
    /// <paramref name="logMel"/>: receives [MelBands x Frames], band-major.
    /// </summary>
    public void Compute(ReadOnlySpan<float> clip, Span<float> logMel)
    {
        int frames = Settings.Frames;
        if (logMel.Length != Settings.ValuesPerClip)
        {
            throw new ArgumentException(
                $"expected room for {Settings.MelBands} x {frames} values, got {logMel.Length}", nameof(logMel));
        }
        _columns.Fill(clip);
        for (int first = 0; first < frames; first += BatchedPowerSpectrum.Lanes)
        {
            _spectrum.Compute(_columns.Columns, first, _power);
            ApplyFilterbank();
            Store(logMel, first, Math.Min(BatchedPowerSpectrum.Lanes, frames - first));
        }
        AccurateLog1p.Apply(logMel, _scratch);
    }

    private void ApplyFilterbank()
    {
        for (int band = 0; band < _mel.Length; band++)
        {
            ReadOnlySpan<float> weights = _filterbank.Weights(band);
            ReadOnlySpan<Vector256<float>> power = _power.AsSpan(_filterbank.StartBin(band), weights.Length);
            var sum = Vector256<float>.Zero;
            for (int i = 0; i < weights.Length; i++)
            {
                sum += power[i] * weights[i];
            }
            _mel[band] = sum;
        }
    }

    private void Store(Span<float> logMel, int firstFrame, int count)
    {
        int frames = Settings.Frames;
        for (int band = 0; band < _mel.Length; band++)
        {
            Span<float> row = logMel.Slice(band * frames + firstFrame, count);
            if (count == BatchedPowerSpectrum.Lanes)
            {
                _mel[band].CopyTo(row);
            }
            else
            {
                for (int lane = 0; lane < count; lane++)
                {
                    row[lane] = _mel[band].GetElement(lane);
                }
            }
        }
    }
}
