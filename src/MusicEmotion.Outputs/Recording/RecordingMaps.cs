using System.Globalization;
using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Outputs.MessagePack;
using MusicEmotion.Pipeline;

namespace MusicEmotion.Outputs.Recording;

/// <summary>
/// Reads the maps of a recording (see <see cref="RecordingFormat"/>) back into headers and readings. Lenient
/// where that costs nothing (any number format for a number, unknown keys skipped, optional fields defaulted),
/// strict where a wrong value would mislead (a known key with the wrong type, an unknown flag or quadrant, a
/// newer version), and every refusal names the field.
/// </summary>
internal static class RecordingMaps
{
    private static readonly Dictionary<string, Quadrant> Quadrants =
        Enum.GetValues<Quadrant>().ToDictionary(q => q.Name(), StringComparer.Ordinal);

    /// <summary>A header is the map that says what format it is.</summary>
    public static bool IsHeader(MessagePackValue value) => value.Type == MessagePackType.Map && value["format"] is not null;

    public static RecordingHeader ReadHeader(MessagePackValue value)
    {
        var fields = new Fields(value, "the header");
        string format = fields.Text("format", "");
        if (format != RecordingFormat.FormatName)
        {
            throw new RecordingFormatException($"not a MusicEmotion recording: its header's format is '{Shown(format)}', expected '{RecordingFormat.FormatName}'");
        }
        int version = fields.Int32("version", required: true);
        if (version > RecordingFormat.Version)
        {
            throw new RecordingFormatException(
                $"recording format version {version} is newer than this build reads (version {RecordingFormat.Version}); update musicemotion");
        }
        if (version < 1)
        {
            throw new RecordingFormatException($"recording format version {version} does not exist (versions start at 1)");
        }
        Fields signature = fields.Map("model_signature");
        var engine = new EngineInfo(
            fields.Text("engine", ""),
            fields.Text("provider", ""),
            fields.Text("model", ""),
            ModelPath: "",
            new ModelSignature(signature.Int32("frames"), signature.Int32("bands"), signature.Int32("state_layers"), signature.Int32("state_hidden")));
        string forecasterName = fields.Text("forecaster", "");
        var forecaster = new ForecastInfo(
            forecasterName, fields.Int32("forecast_history"), fields.Horizons("forecast_s"),
            forecasterName == ForecastInfo.LinearTrendName ? ForecasterKind.LinearTrend : ForecasterKind.Model);
        string sourceKind = fields.Text("source_kind", "file");
        var session = new SessionInfo(
            fields.Text("source", ""),
            SourceKinds.Parse(sourceKind) ?? throw new RecordingFormatException(
                $"the header's source_kind is '{Shown(sourceKind)}', expected file, capture or upload"),
            fields.Int32("sample_rate"),
            fields.Int32("channels"),
            engine,
            forecaster,
            fields.Text("model_sha256", ""),
            fields.Time("start"));
        return new RecordingHeader(version, fields.Text("app", ""), session);
    }

    public static EmotionReading ReadReading(MessagePackValue value, string what)
    {
        var fields = new Fields(value, what);
        var point = new AffectPoint(fields.Float("arousal", float.NaN), fields.Float("valence", float.NaN));
        var reading = new EmotionReading
        {
            Sequence = fields.Int64("seq"),
            StartTime = fields.StreamSeconds("t"),
            WallTime = fields.Number("wall", required: false),
            Point = point,
            Quadrant = fields.Quadrant("quadrant") ?? Circumplex.QuadrantOf(point),
            Label = fields.Text("label", Circumplex.Label(point)),
            Intensity = Circumplex.Intensity(point),
            Rms = fields.Float("rms", 0),
            Peak = fields.Float("peak", 0),
            Flags = fields.Flags("flags"),
            Timeline = fields.Timeline("latency_us"),
        };
        reading.ForecastCount = fields.Forecast("forecast", reading.Forecast);
        return reading;
    }

    /// <summary>Text from the file as a message may show it: on one line, and short.</summary>
    private static string Shown(string text)
    {
        const int Most = 40;
        string line = string.Concat(text.Take(Most + 1).Select(c => char.IsControl(c) ? '?' : c));
        return line.Length > Most ? line[..Most] + "..." : line;
    }

    /// <summary>The fields of one map, each read with the type the format gives it.</summary>
    private readonly struct Fields
    {
        private readonly MessagePackValue? _map;
        private readonly string _what;

        /// <param name="map">The map, or null for a map that is absent (every field then takes its default).</param>
        /// <param name="what">What the map is, for messages: "the header", "reading #3".</param>
        public Fields(MessagePackValue? map, string what)
        {
            _map = map is null || map.Type == MessagePackType.Map
                ? map
                : throw new RecordingFormatException($"{what} is {Describe(map)}, not a map");
            _what = what;
        }

        public string Text(string key, string fallback) => Get(key) is { } value
            ? (value.Type == MessagePackType.String ? value.AsString : throw Wrong(key, "a string", value))
            : fallback;

        public double Number(string key, bool required)
        {
            if (Get(key) is not { } value)
            {
                return required ? throw Missing(key) : 0;
            }
            double number = value.Type is MessagePackType.Integer or MessagePackType.Float ? value.AsDouble : throw Wrong(key, "a number", value);
            return double.IsFinite(number) ? number : throw new RecordingFormatException($"{_what}: '{key}' must be finite, not {number}");
        }

        /// <summary>A stream time: from 0 to a billion seconds (31 years), so clocks built on it cannot overflow.</summary>
        public double StreamSeconds(string key)
        {
            const double Most = 1e9;
            double seconds = Number(key, required: true);
            return seconds is >= 0 and <= Most
                ? seconds
                : throw new RecordingFormatException($"{_what}: '{key}' is {seconds}, not a stream time from 0 to {Most:0} seconds");
        }

        /// <summary>A float as recorded (NaN included), or <paramref name="missing"/> for nil or a missing key.</summary>
        public float Float(string key, float missing) => Get(key) is { } value
            ? value.Type switch
            {
                MessagePackType.Integer or MessagePackType.Float => (float)value.AsDouble,
                _ => throw Wrong(key, "a number or nil", value),
            }
            : missing;

        public long Int64(string key) => (long)Integer(key, long.MinValue, long.MaxValue, required: true);

        public int Int32(string key, bool required = false) => (int)Integer(key, int.MinValue, int.MaxValue, required);

        public Fields Map(string key) => new(Get(key), $"{_what}: '{key}'");

        public Quadrant? Quadrant(string key)
        {
            if (Get(key) is not { } value)
            {
                return null;
            }
            string name = value.Type == MessagePackType.String ? value.AsString : throw Wrong(key, "a quadrant name or nil", value);
            return Quadrants.TryGetValue(name, out Quadrant quadrant)
                ? quadrant
                : throw new RecordingFormatException($"{_what}: '{key}' is '{Shown(name)}', not one of {string.Join(", ", Quadrants.Keys)}");
        }

        public DateTimeOffset Time(string key)
        {
            string text = Text(key, "");
            if (text.Length == 0)
            {
                return DateTimeOffset.UnixEpoch;
            }
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
                ? time.ToUniversalTime()
                : throw new RecordingFormatException($"{_what}: '{key}' is '{Shown(text)}', not an ISO 8601 time");
        }

        public IReadOnlyList<double> Horizons(string key)
        {
            IReadOnlyList<MessagePackValue> items = Array(key, EmotionReading.MaxForecastSteps);
            var horizons = new double[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                horizons[i] = items[i].Type is MessagePackType.Integer or MessagePackType.Float && double.IsFinite(items[i].AsDouble)
                    ? items[i].AsDouble
                    : throw Wrong($"{key}[{i}]", "a finite number", items[i]);
            }
            return horizons;
        }

        /// <summary>Fills <paramref name="forecast"/> from [[arousal, valence], ...] and returns how many points it holds.</summary>
        public int Forecast(string key, Span<AffectPoint> forecast)
        {
            IReadOnlyList<MessagePackValue> items = Array(key, EmotionReading.MaxForecastSteps);
            for (int i = 0; i < items.Count; i++)
            {
                MessagePackValue pair = items[i];
                bool valid = pair.Type == MessagePackType.Array && pair.Items.Count == 2
                    && pair.Items.All(v => v.Type is MessagePackType.Integer or MessagePackType.Float);
                forecast[i] = valid
                    ? new AffectPoint((float)pair.Items[0].AsDouble, (float)pair.Items[1].AsDouble)
                    : throw Wrong($"{key}[{i}]", "an [arousal, valence] pair of numbers", pair);
            }
            return items.Count;
        }

        public FrameFlags Flags(string key)
        {
            FrameFlags flags = FrameFlags.None;
            foreach (MessagePackValue item in Array(key, 64))
            {
                string name = item.Type == MessagePackType.String ? item.AsString : throw Wrong(key, "an array of flag names", item);
                try
                {
                    flags |= FrameFlagNames.Parse(name);
                }
                catch (ArgumentException)
                {
                    throw new RecordingFormatException(
                        $"{_what}: '{key}' holds the unknown flag '{Shown(name)}' (known: {string.Join(", ", FrameFlagNames.ToNames((FrameFlags)~0))})");
                }
            }
            return flags;
        }

        /// <summary>A timeline whose stamps are the recorded stage latencies apart, from an arbitrary origin.</summary>
        public FrameTimeline Timeline(string key)
        {
            Fields latency = Map(key);
            Span<long> stamps = stackalloc long[RecordingFormat.LatencyStages.Count + 1];
            stamps[0] = RecordingFormat.TimelineOrigin;
            for (int stage = 0; stage < RecordingFormat.LatencyStages.Count; stage++)
            {
                MessagePackValue? value = latency.Get(RecordingFormat.LatencyStages[stage]);
                bool measured = value is not null && stamps[stage] != 0;
                stamps[stage + 1] = measured ? stamps[stage] + RecordingFormat.Ticks(latency.Number(RecordingFormat.LatencyStages[stage], required: true)) : 0;
            }
            if (stamps[1] == 0)
            {
                // Nothing measured from the start: no stamp at all, rather than a lone origin.
                stamps.Clear();
            }
            return new FrameTimeline
            {
                Captured = stamps[0],
                Framed = stamps[1],
                Featured = stamps[2],
                Inferred = stamps[3],
                Published = stamps[4],
            };
        }

        /// <summary>The value under <paramref name="key"/>; nil counts as absent.</summary>
        public MessagePackValue? Get(string key) => _map?[key] is { Type: not MessagePackType.Nil } value ? value : null;

        private IReadOnlyList<MessagePackValue> Array(string key, int most)
        {
            if (Get(key) is not { } value)
            {
                return [];
            }
            IReadOnlyList<MessagePackValue> items = value.Type == MessagePackType.Array ? value.Items : throw Wrong(key, "an array", value);
            return items.Count <= most
                ? items
                : throw new RecordingFormatException($"{_what}: '{key}' holds {items.Count} entries, at most {most} are allowed");
        }

        private Int128 Integer(string key, Int128 min, Int128 max, bool required)
        {
            if (Get(key) is not { } value)
            {
                return required ? throw Missing(key) : 0;
            }
            Int128 number = value.Type == MessagePackType.Integer ? value.AsInteger : throw Wrong(key, "an integer", value);
            return number >= min && number <= max
                ? number
                : throw new RecordingFormatException($"{_what}: '{key}' is {number}, out of range");
        }

        private RecordingFormatException Missing(string key) => new($"{_what} has no '{key}'");

        private RecordingFormatException Wrong(string key, string expected, MessagePackValue found) =>
            new($"{_what}: '{key}' must be {expected}, not {Describe(found)}");

        private static string Describe(MessagePackValue value) => value.Type switch
        {
            MessagePackType.Integer => "an integer",
            MessagePackType.Array => "an array",
            MessagePackType.Extension => "an extension",
            _ => "a " + value.Type.ToString().ToLowerInvariant(),
        };
    }
}
