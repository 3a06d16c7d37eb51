using MusicEmotion.Inference;

namespace MusicEmotion.Visualiser.Motion;

/// <summary>
/// Moves the displayed point smoothly between readings that arrive twice a second. When a reading arrives
/// the point sets off towards it at once, from where it is and with the velocity it has (a cubic Hermite
/// segment), and lands on it exactly <see cref="TransitionSeconds"/> later: position and velocity stay
/// continuous (no jumps), and the view never lags a reading by more than one transition, which is one
/// reading interval by default. Pure arithmetic on the times it is given, so it is the same in a window, a
/// replay and a test.
/// </summary>
public sealed class PointInterpolator
{
    private Vector _start;
    private Vector _startVelocity;
    private Vector _target;
    private double _startTime;

    /// <param name="transitionSeconds">How long the point takes to reach a new reading.</param>
    public PointInterpolator(double transitionSeconds = 0.5)
    {
        if (!(transitionSeconds > 0 && double.IsFinite(transitionSeconds)))
        {
            throw new ArgumentOutOfRangeException(nameof(transitionSeconds), transitionSeconds, "must be a positive number of seconds");
        }
        TransitionSeconds = transitionSeconds;
    }

    public double TransitionSeconds { get; }

    /// <summary>False until the first reading: there is nothing to show yet.</summary>
    public bool HasTarget { get; private set; }

    /// <summary>The reading the point is heading for (or resting on).</summary>
    public AffectPoint Target => _target.ToPoint();

    /// <summary>
    /// A new reading arrived at render time <paramref name="now"/>. The first one places the point directly;
    /// later ones start a transition from the current position. Non-finite readings are ignored: the point
    /// keeps heading where it was going.
    /// </summary>
    public void Retarget(AffectPoint reading, double now)
    {
        if (!reading.IsFinite || !double.IsFinite(now))
        {
            return;
        }
        var target = Vector.From(reading).ClampToRange();
        if (!HasTarget)
        {
            _start = target;
            _startVelocity = default;
            HasTarget = true;
        }
        else
        {
            Evaluate(now, out _start, out _startVelocity);
        }
        _target = target;
        _startTime = now;
    }

    /// <summary>Forgets the motion and rests the point on <paramref name="reading"/> (a new track, a seek).</summary>
    public void Reset(AffectPoint reading, double now)
    {
        HasTarget = false;
        Retarget(reading, now);
    }

    /// <summary>Where to draw the point at render time <paramref name="now"/>.</summary>
    public AffectPoint Sample(double now)
    {
        Evaluate(now, out Vector position, out _);
        return position.ClampToRange().ToPoint();
    }

    private void Evaluate(double now, out Vector position, out Vector velocity)
    {
        double u = (now - _startTime) / TransitionSeconds;
        if (!(u < 1))
        {
            position = _target;
            velocity = default;
            return;
        }
        u = Math.Max(u, 0);
        double u2 = u * u;
        double u3 = u2 * u;
        // Cubic Hermite basis: start point, start tangent (velocity times duration), end point, zero end tangent.
        double h00 = 2 * u3 - 3 * u2 + 1;
        double h10 = u3 - 2 * u2 + u;
        double h01 = -2 * u3 + 3 * u2;
        double t = TransitionSeconds;
        position = (_start * h00) + (_startVelocity * (h10 * t)) + (_target * h01);
        double d00 = 6 * u2 - 6 * u;
        double d10 = 3 * u2 - 4 * u + 1;
        double d01 = -6 * u2 + 6 * u;
        velocity = ((_start * d00) + (_target * d01)) * (1 / t) + (_startVelocity * d10);
    }

    /// <summary>Valence on x, arousal on y, in double precision so long sessions do not drift.</summary>
    private readonly record struct Vector(double X, double Y)
    {
        public static Vector From(AffectPoint point) => new(point.Valence, point.Arousal);

        public AffectPoint ToPoint() => new((float)Y, (float)X);

        /// <summary>Models emit arousal and valence in [-1, 1]; the view never shows a point beyond that square.</summary>
        public Vector ClampToRange() => new(Math.Clamp(X, -1, 1), Math.Clamp(Y, -1, 1));

        public static Vector operator +(Vector a, Vector b) => new(a.X + b.X, a.Y + b.Y);

        public static Vector operator *(Vector a, double s) => new(a.X * s, a.Y * s);
    }
}
