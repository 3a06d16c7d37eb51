using MusicEmotion.Inference;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// Where an affect term is written: its dot on the rim at the term's own angle, and its label just outside
/// the circle, nudged along the rim (by <see cref="LabelAngleDegrees"/>) where neighbours would overlap.
/// </summary>
public readonly record struct TermLabel(
    string Name, float AngleDegrees, float LabelAngleDegrees, float DotX, float DotY, float AnchorX, float AnchorY, PixelRect Box)
{
    /// <summary>The label was moved off its angle, so a leader line joins it to its dot.</summary>
    public bool NeedsLeader => MathF.Abs(LabelAngleDegrees - AngleDegrees) > 1.5f;
}

/// <summary>
/// Places Russell's terms around the circle without overlaps. Several cluster within a few degrees
/// (tense, alarmed, angry; calm, relaxed, content, serene), so labels start at their angle and are pushed
/// apart along the rim, a little at a time, until no two boxes touch. Computed when the layout changes,
/// not per frame.
/// </summary>
public static class TermLabelLayout
{
    private const float StepDegrees = 0.25f;
    private const float MaxShiftDegrees = 30f;
    private const int MaxIterations = 2000;

    /// <param name="layout">The window layout.</param>
    /// <param name="terms">The terms, in any order.</param>
    /// <param name="measure">Width in pixels of a term's text.</param>
    /// <param name="textHeight">Height of a label's box in pixels.</param>
    public static TermLabel[] Compute(ViewLayout layout, IReadOnlyList<AffectTerm> terms, Func<string, float> measure, float textHeight)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(measure);
        int n = terms.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => terms[i].AngleDegrees).ToArray();
        var angles = order.Select(i => terms[i].AngleDegrees).ToArray();
        var widths = order.Select(i => measure(terms[i].Name)).ToArray();
        float gap = layout.Metrics.TermLabelGap;
        float padding = layout.Metrics.TermLabelPadding;
        var boxes = new PixelRect[n];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            for (int i = 0; i < n; i++)
            {
                boxes[i] = Place(layout, angles[i], widths[i], textHeight, gap, out _, out _);
            }
            bool moved = false;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    if (!boxes[i].Inflate(padding).Intersects(boxes[j]))
                    {
                        continue;
                    }
                    // Push the pair apart along the rim: the one behind (counter-clockwise order) backs off.
                    bool iFirst = Delta(angles[i], angles[j]) > 0;
                    int back = iFirst ? i : j, ahead = iFirst ? j : i;
                    angles[back] = Limit(angles[back] - StepDegrees, terms[order[back]].AngleDegrees);
                    angles[ahead] = Limit(angles[ahead] + StepDegrees, terms[order[ahead]].AngleDegrees);
                    moved = true;
                }
            }
            if (!moved)
            {
                break;
            }
        }
        var labels = new TermLabel[n];
        for (int k = 0; k < n; k++)
        {
            AffectTerm term = terms[order[k]];
            PixelRect box = Place(layout, angles[k], widths[k], textHeight, gap, out float ax, out float ay);
            (float dx, float dy) = layout.OnCircle(term.AngleDegrees, 1);
            labels[k] = new TermLabel(term.Name, term.AngleDegrees, angles[k], dx, dy, ax, ay, box);
        }
        return labels;
    }

    /// <summary>
    /// The label box for a direction: its anchor sits <paramref name="gap"/> outside the rim and the box hangs
    /// outwards from it, centred on the anchor at the top and bottom, flush to it at the sides; on the
    /// diagonals it is then pushed out until no corner comes closer to the circle than the gap.
    /// </summary>
    private static PixelRect Place(ViewLayout layout, float angleDegrees, float width, float height, float gap, out float anchorX, out float anchorY)
    {
        (anchorX, anchorY) = layout.OnCircle(angleDegrees, 1 + (gap / layout.Radius));
        float radians = angleDegrees * MathF.PI / 180f;
        float outX = MathF.Cos(radians), outY = -MathF.Sin(radians);
        float cx = anchorX + (outX * width * 0.5f);
        float cy = anchorY + (outY * height * 0.5f);
        for (int pass = 0; pass < 3; pass++)
        {
            float nearestX = Math.Clamp(layout.CentreX, cx - (width * 0.5f), cx + (width * 0.5f));
            float nearestY = Math.Clamp(layout.CentreY, cy - (height * 0.5f), cy + (height * 0.5f));
            float distance = MathF.Sqrt(MathF.Pow(nearestX - layout.CentreX, 2) + MathF.Pow(nearestY - layout.CentreY, 2));
            float deficit = layout.Radius + gap - distance;
            if (deficit <= 0.5f)
            {
                break;
            }
            cx += outX * deficit;
            cy += outY * deficit;
        }
        return new PixelRect(MathF.Round(cx - (width * 0.5f)), MathF.Round(cy - (height * 0.5f)), width, height);
    }

    /// <summary>Signed smallest difference b - a in degrees, in (-180, 180].</summary>
    private static float Delta(float a, float b)
    {
        float d = (b - a) % 360f;
        return d > 180f ? d - 360f : d <= -180f ? d + 360f : d;
    }

    private static float Limit(float angle, float home) =>
        home + Math.Clamp(Delta(home, angle), -MaxShiftDegrees, MaxShiftDegrees);
}
