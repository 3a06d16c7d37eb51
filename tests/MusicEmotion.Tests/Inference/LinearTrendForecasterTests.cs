using MusicEmotion.Inference;

namespace MusicEmotion.Tests.Inference;

public sealed class LinearTrendForecasterTests
{
    [Fact]
    public void ALineIsExtendedAlongItself()
    {
        using var forecaster = new LinearTrendForecaster();
        var history = Enumerable.Range(0, 10).Select(i => new AffectPoint(0.05f * i - 0.2f, -0.02f * i)).ToArray();
        var next = new AffectPoint[4];
        forecaster.Predict(history, next);
        for (int s = 0; s < 4; s++)
        {
            // Horizon s+1 half-second steps after the last reading (index 9).
            Assert.Equal(0.05f * (10 + s) - 0.2f, next[s].Arousal, 5);
            Assert.Equal(-0.02f * (10 + s), next[s].Valence, 5);
        }
        Assert.Equal("linear-trend", forecaster.Info.Source);
        Assert.Equal([0.5, 1.0, 1.5, 2.0], forecaster.Info.HorizonSeconds);
    }

    [Fact]
    public void AFlatHistoryForecastsNoMovement()
    {
        using var forecaster = new LinearTrendForecaster();
        var next = new AffectPoint[4];
        forecaster.Predict(Enumerable.Repeat(new AffectPoint(0.3f, -0.4f), 10).ToArray(), next);
        Assert.All(next, p => Assert.Equal(new AffectPoint(0.3f, -0.4f), p));
    }

    [Fact]
    public void ForecastsStayOnTheCircumplexRange()
    {
        using var forecaster = new LinearTrendForecaster(horizonSeconds: [5.0]);
        var history = Enumerable.Range(0, 10).Select(i => new AffectPoint(0.1f * i, -0.1f * i)).ToArray();
        var next = new AffectPoint[1];
        forecaster.Predict(history, next);
        Assert.Equal(new AffectPoint(1f, -1f), next[0]);
    }

    [Fact]
    public void AWrongHistoryLengthIsRejected()
    {
        using var forecaster = new LinearTrendForecaster();
        Assert.Throws<ArgumentException>(() => forecaster.Predict(new AffectPoint[3], new AffectPoint[4]));
    }
}
